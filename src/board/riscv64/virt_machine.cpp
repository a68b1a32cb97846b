// The virt machine's assembly as named steps (memory map, drives, images, reset vector, harts,
// interrupt wiring) and its run: one host thread per hart until the guest powers off.
#include "board/riscv64/virt_machine.h"

#include <cstring>
#include <thread>

#include "board/riscv64/reset_vector.h"
#include "board/riscv64/virt_fdt.h"
#include "board/riscv64/virt_parts.h"
#include "device/virtio_console.h"
#include "device/virtio_rng.h"

namespace polyvm::board::riscv64 {

namespace {

/// One host thread per hart: more than the host can run gets slow, not wrong; this bound only
/// keeps a typo from starting thousands.
constexpr unsigned kMaxVirtHarts = 64;

Result<void> map_memory(VirtMachine::Parts& p) {
  mem::PhysicalMemory& m = p.memory;
  for (auto added :
       {m.add_ram(PAddr{kRamBase}, p.options.ram_size), m.add_ram(PAddr{kMromBase}, kMromSize),
        m.add_device(PAddr{kTestBase}, kTestSize, p.syscon),
        m.add_device(PAddr{kClintBase}, kClintSize, p.clint),
        m.add_device(PAddr{kPlicBase}, kPlicSize, p.plic),
        m.add_device(PAddr{kUartBase}, kUartSize, p.uart)}) {
    if (!added) return added;
  }
  return {};
}

/// A -device: its virtio device, its output file opened if it has one.
Result<std::unique_ptr<device::VirtioDevice>> make_device(VirtMachine::Parts& p,
                                                          const DeviceOption& option) {
  if (option.kind == DeviceOption::Kind::kVirtioRng) return std::make_unique<device::VirtioRng>();
  device::VirtioConsole::Sink sink = [&p](std::span<const u8> bytes) {
    for (u8 b : bytes) p.console->put(b);
  };
  if (!option.file.empty()) {
    std::FILE* file = std::fopen(option.file.c_str(), "wb");
    if (!file)
      return fail("-device virtconsole: cannot write {}: {}", option.file, std::strerror(errno));
    p.outputs.emplace_back(file, &std::fclose);
    sink = [file](std::span<const u8> bytes) {
      std::fwrite(bytes.data(), 1, bytes.size(), file);
      std::fflush(file);
    };
  }
  return std::make_unique<device::VirtioConsole>(std::move(sink));
}

/// Opens the drives and devices and fills the eight virtio-mmio slots from the last one down,
/// as QEMU does (so the first drive is Linux's virtio0).
Result<void> attach_virtio(VirtMachine::Parts& p) {
  if (p.options.drives.size() + p.options.devices.size() > kVirtioSlots) {
    return fail("at most {} -drive and -device options fit the virt machine's virtio slots",
                kVirtioSlots);
  }
  for (const DriveOption& drive : p.options.drives) {
    auto disk = open_drive(drive);
    if (!disk) return std::unexpected(disk.error());
    p.virtio_devices.push_back(std::move(*disk));
  }
  for (const DeviceOption& option : p.options.devices) {
    auto device = make_device(p, option);
    if (!device) return std::unexpected(device.error());
    p.virtio_devices.push_back(std::move(*device));
  }
  for (unsigned n = 0; n < kVirtioSlots; ++n) {
    const std::size_t index = kVirtioSlots - 1 - n;
    device::VirtioDevice* device =
        index < p.virtio_devices.size() ? p.virtio_devices[index].get() : nullptr;
    p.slots.push_back(std::make_unique<device::VirtioMmio>(p.memory, device));
    p.slots[n]->set_irq(&p.plic.source(kVirtioFirstIrq + n));
    auto added =
        p.memory.add_device(PAddr{virtio_slot_base(n)}, device::VirtioMmio::kSize, *p.slots[n]);
    if (!added) return added;
  }
  return {};
}

/// Firmware, kernel, initrd and device tree into RAM, and the reset vector into the mask ROM.
Result<void> load_images(VirtMachine::Parts& p) {
  const VirtOptions& o = p.options;
  GuestRam ram{{p.memory.ram(PAddr{kRamBase}, o.ram_size), o.ram_size}, PAddr{kRamBase}};
  VirtFdtConfig fdt{
      .ram_size = o.ram_size, .harts = o.harts, .isa = o.isa.to_string(), .bootargs = o.append};
  auto layout = load_boot_images(o.files, ram, [&](const std::optional<InitrdRange>& initrd) {
    fdt.initrd = initrd;
    return build_virt_fdt(fdt);
  });
  if (!layout) return std::unexpected(layout.error());
  const u64 kernel_entry = layout->kernel ? layout->kernel->entry.value : 0;
  const std::vector<u8> rom =
      build_reset_vector(layout->entry.value, layout->fdt.start.value, kernel_entry);
  std::memcpy(p.memory.ram(PAddr{kMromBase}, rom.size()), rom.data(), rom.size());
  return {};
}

/// The harts, started in the mask ROM, and their interrupt inputs from the CLINT and PLIC.
void create_harts(VirtMachine::Parts& p) {
  for (unsigned i = 0; i < p.options.harts; ++i) {
    auto hart = std::make_unique<sys::Hart>(
        p.memory, sys::Hart::Config{.isa = p.options.isa,
                                    .hartid = i,
                                    .time = [&clint = p.clint] { return clint.mtime(); },
                                    .trace = p.options.trace});
    hart->cpu().pc = kMromBase;
    auto line = [&](unsigned irq) {
      p.lines.push_back(std::make_unique<HartIrqLine>(*hart, irq));
      return p.lines.back().get();
    };
    p.clint.connect(i, line(sys::irq::kMsi), line(sys::irq::kMti));
    p.plic.connect_context(2 * i, line(sys::irq::kMei));
    p.plic.connect_context(2 * i + 1, line(sys::irq::kSei));
    p.harts.push_back(std::move(hart));
  }
  p.uart.set_irq(&p.plic.source(kUartIrq));
  auto& clint = p.clint;
  p.timer = std::make_unique<DeadlineTimer>([&clint] { return clint.time_to_next_timer(); },
                                            [&clint] { clint.update(); });
  clint.set_timer_listener([timer = p.timer.get()] { timer->kick(); });
}

/// The parts of a machine in its reset state, with `console` as its serial backend.
Result<std::unique_ptr<VirtMachine::Parts>> build_parts(const VirtOptions& options,
                                                        std::unique_ptr<ConsoleBackend> console) {
  auto parts = std::make_unique<VirtMachine::Parts>(options);
  parts->console = std::move(console);
  for (auto step : {map_memory(*parts), attach_virtio(*parts), load_images(*parts)}) {
    if (!step) return std::unexpected(step.error());
  }
  create_harts(*parts);
  return parts;
}

void add_stats(VirtStats& total, const VirtStats& more) {
  total.instructions += more.instructions;
  total.instructions_decoded += more.instructions_decoded;
  total.tlb += more.tlb;
}

}  // namespace

Result<std::unique_ptr<VirtMachine>> VirtMachine::create(const VirtOptions& options) {
  if (options.harts == 0 || options.harts > kMaxVirtHarts) {
    return fail("-smp {}: the virt machine takes 1 to {} harts", options.harts, kMaxVirtHarts);
  }
  if (options.files.firmware.empty() && options.files.kernel.empty()) {
    return fail("nothing to boot: give -kernel FILE, or -bios FILE");
  }
  auto console = ConsoleBackend::open(options.serial);
  if (!console) return std::unexpected(console.error());
  auto parts = build_parts(options, std::move(*console));
  if (!parts) return std::unexpected(parts.error());
  return std::unique_ptr<VirtMachine>(new VirtMachine(std::move(*parts)));
}

VirtMachine::VirtMachine(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

VirtMachine::~VirtMachine() {
  parts_->console->stop_input();  // its thread feeds the UART, which goes first
  parts_->clint.set_timer_listener({});
}

void VirtMachine::request_stop(int exit_code) {
  std::lock_guard lock(parts_mutex_);
  parts_->stop(exit_code);
}

void VirtMachine::request_reset() {
  std::lock_guard lock(parts_mutex_);
  parts_->stop(0, Parts::Reset::kByUser);
}

void VirtMachine::set_guest_reset_listener(std::function<void()> listener) {
  on_guest_reset_ = std::move(listener);
}

void VirtMachine::run_until_stopped() {
  Parts& p = *parts_;
  p.console->start_input([&p](std::span<const u8> bytes) { return p.uart.push_input(bytes); },
                         [&p] { p.stop(0); });
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(p.mutex);
    p.running = true;
  }
  for (unsigned i = 0; i < p.harts.size(); ++i) {
    threads.emplace_back([&p, i] { p.hart_thread(*p.harts[i], i); });
  }
  {
    std::unique_lock lock(p.mutex);
    p.stopped_changed.wait(lock, [&p] { return p.stopped; });
  }
  for (std::thread& t : threads) t.join();
  p.console->stop_input();
}

Result<VirtResult> VirtMachine::run() {
  for (;;) {
    run_until_stopped();
    const Parts::Reset reset = parts_->reset;
    if (reset == Parts::Reset::kNone) break;
    add_stats(before_resets_, stats());
    parts_->clint.set_timer_listener({});
    auto fresh = build_parts(parts_->options, std::move(parts_->console));
    if (!fresh) return std::unexpected(fresh.error());
    (*fresh)->paused = parts_->paused;  // a reset while paused stays paused
    (*fresh)->on_hook_stop = parts_->on_hook_stop;
    std::lock_guard lock(parts_mutex_);
    parts_ = std::move(*fresh);
    if (reset == Parts::Reset::kByGuest && on_guest_reset_) on_guest_reset_();
  }
  VirtStats total = before_resets_;
  add_stats(total, stats());
  return VirtResult{
      .exit_code = parts_->exit_code, .instructions = total.instructions, .tlb = total.tlb};
}

}  // namespace polyvm::board::riscv64
