// The spike machine's boot as named steps: read the program, lay out physical memory around the
// HTIF page, load the segments, wire the CLINT to the hart, run.
#include "board/riscv64/spike_machine.h"

#include <cstring>
#include <optional>

#include "board/deadline_timer.h"
#include "board/riscv64/boot_images.h"
#include "board/riscv64/elf_symbols.h"
#include "board/riscv64/hart_irq_line.h"
#include "board/riscv64/image_formats.h"
#include "board/riscv64/virt_memory_map.h"
#include "device/clint.h"
#include "device/htif.h"
#include "guest/riscv64/system/hart.h"

namespace polyvm::board::riscv64 {

namespace {

namespace sys = guest::riscv64::system;
constexpr u64 kPage = 4096;

/// Where tohost and fromhost are; both must share one page (the HTIF device's).
struct HtifPlace {
  u64 page = 0;
  u64 tohost = 0;    ///< offset in the page
  u64 fromhost = 0;  ///< offset in the page
};

Result<HtifPlace> find_htif(std::span<const u8> file, const std::string& path, u64 ram_end) {
  auto tohost = find_elf_symbol(file, "tohost");
  if (!tohost) return fail("{}: {}", path, tohost.error().message);
  if (!*tohost) {
    return fail("{} has no `tohost` symbol: a -M spike program reports through HTIF tohost", path);
  }
  auto fromhost = find_elf_symbol(file, "fromhost");
  if (!fromhost) return fail("{}: {}", path, fromhost.error().message);
  const u64 page = **tohost & ~(kPage - 1);
  const u64 from = fromhost->value_or(**tohost + 8);  // fromhost is optional in Spike's tests
  if (page < kRamBase || page + kPage > ram_end || (from & ~(kPage - 1)) != page ||
      (**tohost & 7) != 0 || (from & 7) != 0) {
    return fail("{}: tohost ({:#x}) and fromhost ({:#x}) must be aligned and share a page in RAM",
                path, **tohost, from);
  }
  return HtifPlace{page, **tohost - page, from - page};
}

/// Copies bytes to guest physical memory, through RAM or the device at each page.
Result<void> write_physical(const mem::PhysicalMemory& memory, u64 paddr,
                            std::span<const u8> bytes) {
  while (!bytes.empty()) {
    const std::size_t chunk = std::min<std::size_t>(bytes.size(), kPage - (paddr & (kPage - 1)));
    if (u8* host = memory.ram(PAddr{paddr}, chunk)) {
      std::memcpy(host, bytes.data(), chunk);
    } else {
      const mem::PhysTarget target = memory.lookup(PAddr{paddr});
      if (!target.mmio()) return fail("{:#x} is outside RAM", paddr);
      for (std::size_t i = 0; i < chunk; ++i) target.device->write(target.offset + i, 1, bytes[i]);
    }
    paddr += chunk;
    bytes = bytes.subspan(chunk);
  }
  return {};
}

Result<void> load_segments(const mem::PhysicalMemory& memory, const ElfImage& elf,
                           std::span<const u8> file, const std::string& path, u64 ram_end) {
  for (const ElfSegment& segment : elf.segments) {
    if (segment.paddr < kRamBase || segment.mem_size > ram_end - segment.paddr) {
      return fail(
          "{}: a segment at {:#x} ({} bytes) lies outside RAM [{:#x}, {:#x}); try a larger -m",
          path, segment.paddr, segment.mem_size, kRamBase, ram_end);
    }
    auto written =
        write_physical(memory, segment.paddr, file.subspan(segment.offset, segment.file_size));
    if (!written) return written;
    // RAM starts zeroed, so the bss needs nothing; only the HTIF page might hold old bytes.
  }
  return {};
}

}  // namespace

Result<SpikeResult> run_spike_machine(const SpikeOptions& options) {
  auto file = read_whole(options.kernel, "program");
  if (!file) return std::unexpected(file.error());
  auto elf = parse_riscv64_elf(*file);
  if (!elf) return fail("{}: {}", options.kernel, elf.error().message);
  const u64 ram_end = kRamBase + options.ram_size;
  auto htif_place = find_htif(*file, options.kernel, ram_end);
  if (!htif_place) return std::unexpected(htif_place.error());

  // RAM in two parts around the HTIF page.
  mem::PhysicalMemory memory;
  std::optional<int> exit_code;
  sys::Hart* running = nullptr;
  device::Htif htif(
      htif_place->tohost, htif_place->fromhost, [&](u8 c) { std::fputc(c, options.console); },
      [&](int code) {
        exit_code = code;
        running->request_stop();
      });
  device::Clint clint(1);
  for (auto added : {memory.add_device(PAddr{kClintBase}, device::Clint::kSize, clint),
                     memory.add_device(PAddr{htif_place->page}, device::Htif::kSize, htif)}) {
    if (!added) return std::unexpected(added.error());
  }
  if (htif_place->page > kRamBase) {
    if (auto added = memory.add_ram(PAddr{kRamBase}, htif_place->page - kRamBase); !added) {
      return std::unexpected(added.error());
    }
  }
  if (htif_place->page + kPage < ram_end) {
    auto added =
        memory.add_ram(PAddr{htif_place->page + kPage}, ram_end - htif_place->page - kPage);
    if (!added) return std::unexpected(added.error());
  }
  if (auto loaded = load_segments(memory, *elf, *file, options.kernel, ram_end); !loaded) {
    return std::unexpected(loaded.error());
  }

  sys::Hart hart(memory, {.isa = options.isa,
                          .hartid = 0,
                          .time = {},  // QEMU's spike gives no `time` CSR: rdtime traps
                          .trace = options.trace});
  running = &hart;
  HartIrqLine msip(hart, sys::irq::kMsi), mtip(hart, sys::irq::kMti);
  clint.connect(0, &msip, &mtip);
  DeadlineTimer timer([&clint] { return clint.time_to_next_timer(); },
                      [&clint] { clint.update(); });
  clint.set_timer_listener([&timer] { timer.kick(); });

  hart.cpu().pc = elf->entry;  // a0 = mhartid 0, a1 = no device tree, as QEMU's reset vector
  hart.run();
  std::fflush(options.console);
  clint.set_timer_listener({});
  return SpikeResult{exit_code.value_or(0), hart.cpu().instret, hart.system().mmu.tlbs().stats()};
}

}  // namespace polyvm::board::riscv64
