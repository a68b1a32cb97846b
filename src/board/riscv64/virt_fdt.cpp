// Writes the virt device tree with libfdt's sequential-write API (libfdt.h, "Sequential write
// functions"): nodes in one pass, phandles numbered up front as QEMU 7.2 numbers them.
#include "board/riscv64/virt_fdt.h"

#include <libfdt.h>

#include <cstddef>
#include <cstring>

#include <initializer_list>

namespace polyvm::board::riscv64 {

namespace {

using namespace std::string_view_literals;

// Remembers the first libfdt error, so building reads as a plain list of nodes and properties.
class FdtWriter {
 public:
  explicit FdtWriter(std::size_t size) : blob_(size) {
    check(fdt_create(blob_.data(), static_cast<int>(blob_.size())));
    check(fdt_finish_reservemap(blob_.data()));
  }
  void begin(const std::string& name) { check(fdt_begin_node(blob_.data(), name.c_str())); }
  void end() { check(fdt_end_node(blob_.data())); }
  void empty(const char* name) { check(fdt_property(blob_.data(), name, nullptr, 0)); }
  void u32_prop(const char* name, u32 value) { cells(name, {value}); }
  // A C string property: the value and its terminating NUL; "\0" inside makes a string list.
  void strings(const char* name, std::string_view value_without_last_nul) {
    std::string value(value_without_last_nul);
    check(fdt_property(blob_.data(), name, value.c_str(), static_cast<int>(value.size() + 1)));
  }
  void cells(const char* name, std::initializer_list<u32> values) {
    cells(name, std::vector<u32>(values));
  }
  void cells(const char* name, const std::vector<u32>& values) {
    std::vector<fdt32_t> big_endian;
    for (u32 v : values) big_endian.push_back(cpu_to_fdt32(v));
    check(fdt_property(blob_.data(), name, big_endian.data(),
                       static_cast<int>(big_endian.size() * sizeof(fdt32_t))));
  }
  // reg with #address-cells = #size-cells = 2.
  void reg(u64 base, u64 size) { cells("reg", {hi(base), lo(base), hi(size), lo(size)}); }
  void u64_prop(const char* name, u64 value) { cells(name, {hi(value), lo(value)}); }

  Result<std::vector<u8>> finish() {
    check(fdt_finish(blob_.data()));
    if (error_ != 0) return std::unexpected(Error{fdt_strerror(error_)});
    // The header's totalsize, read without libfdt's macro, which casts the byte pointer to a
    // struct and so trips -Wcast-align under clang.
    fdt32_t total = 0;
    std::memcpy(&total, blob_.data() + offsetof(fdt_header, totalsize), sizeof total);
    blob_.resize(fdt32_to_cpu(total));
    return std::move(blob_);
  }
  int error() const { return error_; }

 private:
  static u32 hi(u64 v) { return static_cast<u32>(v >> 32); }
  static u32 lo(u64 v) { return static_cast<u32>(v); }
  void check(int result) {
    if (result < 0 && error_ == 0) error_ = result;
  }
  std::vector<u8> blob_;
  int error_ = 0;
};

std::string node(std::string_view name, u64 address) {
  return fmt::format("{}@{:x}", name, address);
}

// QEMU 7.2 (create_fdt_socket_cpus) numbers from 1, the last hart first: its cpu node, then its
// interrupt controller; then the PLIC, then the test device.
struct Phandles {
  explicit Phandles(unsigned harts) : plic(2 * harts + 1), test(2 * harts + 2), harts_(harts) {}
  u32 cpu(unsigned hart) const { return 2 * (harts_ - 1 - hart) + 1; }
  u32 intc(unsigned hart) const { return cpu(hart) + 1; }
  u32 plic;
  u32 test;

 private:
  unsigned harts_;
};

void write_cpus(FdtWriter& w, const VirtFdtConfig& config, const Phandles& ph) {
  w.begin("cpus");
  w.u32_prop("#address-cells", 1);
  w.u32_prop("#size-cells", 0);
  w.u32_prop("timebase-frequency", config.timebase_hz);
  for (unsigned hart = 0; hart < config.harts; ++hart) {
    w.begin(node("cpu", hart));
    w.u32_prop("phandle", ph.cpu(hart));
    w.strings("device_type", "cpu");
    w.u32_prop("reg", hart);
    w.strings("status", "okay");
    w.strings("compatible", "riscv");
    w.strings("riscv,isa", config.isa);
    w.strings("mmu-type", config.mmu_type);
    w.begin("interrupt-controller");
    w.u32_prop("#interrupt-cells", 1);
    w.empty("interrupt-controller");
    w.strings("compatible", "riscv,cpu-intc");
    w.u32_prop("phandle", ph.intc(hart));
    w.end();
    w.end();
  }
  w.begin("cpu-map");
  w.begin("cluster0");
  for (unsigned hart = 0; hart < config.harts; ++hart) {
    w.begin(fmt::format("core{}", hart));
    w.u32_prop("cpu", ph.cpu(hart));
    w.end();
  }
  w.end();
  w.end();
  w.end();
}

// Priv 1.12, 3.1.9 (mip): 3 = MSIP, 7 = MTIP, 9 = SEIP, 11 = MEIP.
std::vector<u32> per_hart_interrupts(const VirtFdtConfig& config, const Phandles& ph, u32 first,
                                     u32 second) {
  std::vector<u32> cells;
  for (unsigned hart = 0; hart < config.harts; ++hart) {
    cells.insert(cells.end(), {ph.intc(hart), first, ph.intc(hart), second});
  }
  return cells;
}

void write_device(FdtWriter& w, const std::string& name, u64 base, u64 size, u32 irq,
                  const Phandles& ph, const char* compatible) {
  w.begin(name);
  w.u32_prop("interrupts", irq);
  w.u32_prop("interrupt-parent", ph.plic);
  w.reg(base, size);
  w.strings("compatible", compatible);
  w.end();
}

void write_soc(FdtWriter& w, const VirtFdtConfig& config, const Phandles& ph) {
  w.begin("soc");
  w.u32_prop("#address-cells", 2);
  w.u32_prop("#size-cells", 2);
  w.strings("compatible", "simple-bus");
  w.empty("ranges");

  w.begin(node("serial", kUartBase));
  w.u32_prop("interrupts", kUartIrq);
  w.u32_prop("interrupt-parent", ph.plic);
  w.u32_prop("clock-frequency", kUartClockHz);
  w.reg(kUartBase, kUartSize);
  w.strings("compatible", "ns16550a");
  w.end();

  w.begin(node("test", kTestBase));
  w.u32_prop("phandle", ph.test);
  w.reg(kTestBase, kTestSize);
  w.strings("compatible", "sifive,test1\0sifive,test0\0syscon"sv);
  w.end();

  for (unsigned slot = kVirtioSlots; slot-- > 0;) {  // QEMU's order: the highest address first
    if (!(config.virtio_slots >> slot & 1)) continue;
    write_device(w, node("virtio_mmio", virtio_slot_base(slot)), virtio_slot_base(slot),
                 kVirtioStride, kVirtioFirstIrq + slot, ph, "virtio,mmio");
  }

  w.begin(node("plic", kPlicBase));
  w.u32_prop("phandle", ph.plic);
  w.u32_prop("riscv,ndev", config.plic_sources);
  w.reg(kPlicBase, kPlicSize);
  w.cells("interrupts-extended", per_hart_interrupts(config, ph, 11, 9));
  w.empty("interrupt-controller");
  w.strings("compatible", "sifive,plic-1.0.0\0riscv,plic0"sv);
  w.u32_prop("#address-cells", 0);
  w.u32_prop("#interrupt-cells", 1);
  w.end();

  w.begin(node("clint", kClintBase));
  w.cells("interrupts-extended", per_hart_interrupts(config, ph, 3, 7));
  w.reg(kClintBase, kClintSize);
  w.strings("compatible", "sifive,clint0\0riscv,clint0"sv);
  w.end();
  w.end();
}

void write_syscon_node(FdtWriter& w, const char* name, u32 value, const Phandles& ph) {
  w.begin(name);
  w.u32_prop("value", value);
  w.u32_prop("offset", 0);
  w.u32_prop("regmap", ph.test);
  w.strings("compatible", fmt::format("syscon-{}", name));
  w.end();
}

void write_tree(FdtWriter& w, const VirtFdtConfig& config) {
  const Phandles ph(config.harts);
  w.begin("");
  w.u32_prop("#address-cells", 2);
  w.u32_prop("#size-cells", 2);
  w.strings("compatible", "riscv-virtio");
  w.strings("model", "riscv-virtio,qemu");

  w.begin("chosen");
  if (!config.bootargs.empty()) w.strings("bootargs", config.bootargs);
  w.strings("stdout-path", node("/soc/serial", kUartBase));
  if (config.initrd) {
    w.u64_prop("linux,initrd-start", config.initrd->start);
    w.u64_prop("linux,initrd-end", config.initrd->end);
  }
  w.end();

  write_syscon_node(w, "poweroff", 0x5555, ph);  // device::Syscon: 0x5555 powers off
  write_syscon_node(w, "reboot", 0x7777, ph);    // and 0x7777 resets

  w.begin(node("memory", config.ram_base));
  w.strings("device_type", "memory");
  w.reg(config.ram_base, config.ram_size);
  w.end();

  write_cpus(w, config, ph);
  write_soc(w, config, ph);
  w.end();
}

Result<void> validate(const VirtFdtConfig& config) {
  if (config.harts == 0 || config.harts > kMaxHarts) {
    return fail("the virt board takes 1 to {} harts, not {}", kMaxHarts, config.harts);
  }
  if (!config.isa.starts_with("rv64")) {
    return fail("riscv,isa \"{}\" must start with rv64", config.isa);
  }
  if (config.initrd && config.initrd->end < config.initrd->start) {
    return fail("initrd end {:#x} is below its start {:#x}", config.initrd->end,
                config.initrd->start);
  }
  return {};
}

}  // namespace

std::string virt_isa_string(bool sstc) {
  return sstc ? fmt::format("{}_sstc", kVirtIsa) : std::string(kVirtIsa);
}

Result<std::vector<u8>> build_virt_fdt(const VirtFdtConfig& config) {
  if (auto valid = validate(config); !valid) return std::unexpected(valid.error());
  // About 300 bytes per hart and 2 KiB for the rest; grow if a long command line needs more.
  for (std::size_t size = 4096 + config.harts * 512 + config.bootargs.size();; size *= 2) {
    FdtWriter writer(size);
    write_tree(writer, config);
    if (writer.error() == -FDT_ERR_NOSPACE) continue;
    auto blob = writer.finish();
    if (!blob) return fail("cannot build the device tree: {}", blob.error().message);
    return blob;
  }
}

}  // namespace polyvm::board::riscv64
