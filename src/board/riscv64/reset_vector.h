// The mask ROM QEMU's virt board starts its harts in (0x1000): a few instructions that pass
// a0 = hart id, a1 = device tree and a2 = OpenSBI's fw_dynamic_info, then jump to the firmware.
#pragma once

#include <vector>

#include "core/types.h"

namespace polyvm::board::riscv64 {

inline constexpr u64 kMromBase = 0x1000;  ///< where harts start (virt_memmap[VIRT_MROM])
inline constexpr u64 kMromSize = 0xf000;

/// OpenSBI include/sbi/fw_dynamic.h, version 2 (6 little-endian dwords on rv64).
inline constexpr u64 kFwDynamicMagic = 0x4942534f;  ///< "OSBI"
inline constexpr u64 kFwDynamicVersion = 2;
inline constexpr u64 kFwDynamicNextModeS = 1;

/// QEMU riscv_setup_rom_reset_vec + riscv_rom_copy_firmware_info (rv64): the code
///   auipc t0, 0; addi a2, t0, 40; csrr a0, mhartid; ld a1, 32(t0); ld t0, 24(t0); jr t0
/// then the dwords start_addr and fdt_addr, then fw_dynamic_info {magic, version, next_addr =
/// kernel_entry (0 without -kernel), next_mode = S, options = 0, boot_hart = 0}. fw_jump and
/// fw_payload ignore a2; fw_dynamic needs it.
///
///   auto rom = build_reset_vector(kRamBase, layout.fdt.start.value, layout.kernel->entry.value);
///   memory.add_ram(PAddr{kMromBase}, kMromSize);  // then copy `rom` to its start;
///   // harts start with pc = kMromBase
std::vector<u8> build_reset_vector(u64 start_addr, u64 fdt_addr, u64 kernel_entry);

}  // namespace polyvm::board::riscv64
