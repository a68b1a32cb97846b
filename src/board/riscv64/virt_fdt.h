// The device tree of QEMU's riscv64 `virt` machine, built with libfdt, that the board hands to
// the firmware in a1: what OpenSBI, U-Boot and Linux learn the machine from.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "board/riscv64/virt_memory_map.h"
#include "core/error.h"
#include "core/types.h"

namespace polyvm::board::riscv64 {

/// The ISA the interpreter implements, as the device tree spells it (no H extension).
inline constexpr std::string_view kVirtIsa = "rv64imafdc_zicsr_zifencei_zba_zbb_zbs";

/// kVirtIsa, plus "_sstc" when the harts implement the stimecmp CSR. Linux 6.1 then programs the
/// timer directly instead of through SBI set_timer, so only advertise what exists.
std::string virt_isa_string(bool sstc);

/// [start, end) of the initrd in guest physical memory, for /chosen.
struct InitrdRange {
  u64 start = 0;
  u64 end = 0;
};

/// What varies between virt machines; the rest is fixed by virt_memory_map.h.
struct VirtFdtConfig {
  u64 ram_base = kRamBase;
  u64 ram_size = u64{128} << 20;
  unsigned harts = 1;  ///< 1..kMaxHarts
  std::string isa = std::string(kVirtIsa);
  std::string mmu_type = "riscv,sv48";
  std::string bootargs;               ///< -append; /chosen/bootargs is left out when empty
  std::optional<InitrdRange> initrd;  ///< /chosen/linux,initrd-start and -end
  u8 virtio_slots = 0xff;             ///< bit n: a node for slot n (QEMU lists all 8)
  u32 timebase_hz = static_cast<u32>(kTimebaseHz);
  unsigned plic_sources = kPlicSources;  ///< riscv,ndev
};

/// Builds the flattened device tree (a DTB blob, packed). Node names, properties and phandle
/// order follow QEMU 7.2 (../shared/fixtures/riscv64/qemu-virt-reference.dts) without the
/// devices we do not emulate (flash, rtc, pci, fw-cfg, platform-bus, pmu).
///
///   VirtFdtConfig config{.ram_size = 256 << 20, .bootargs = "console=ttyS0"};
///   auto dtb = build_virt_fdt(config);  // Result<std::vector<u8>>
Result<std::vector<u8>> build_virt_fdt(const VirtFdtConfig& config);

}  // namespace polyvm::board::riscv64
