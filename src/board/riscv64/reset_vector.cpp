// QEMU 7.2's rv64 reset vector (hw/riscv/boot.c) as bytes: the instructions, their two data
// dwords, and the fw_dynamic_info that follows at offset 40.
#include "board/riscv64/reset_vector.h"

#include <array>
#include <cstring>

namespace polyvm::board::riscv64 {

std::vector<u8> build_reset_vector(u64 start_addr, u64 fdt_addr, u64 kernel_entry) {
  constexpr std::array<u32, 6> kCode = {
      0x00000297,  // 1: auipc t0, %pcrel_hi(fw_dyn)
      0x02828613,  //    addi  a2, t0, %pcrel_lo(1b)   (fw_dyn = 1b + 40)
      0xf1402573,  //    csrr  a0, mhartid
      0x0202b583,  //    ld    a1, 32(t0)               (fdt_addr)
      0x0182b283,  //    ld    t0, 24(t0)               (start_addr)
      0x00028067,  //    jr    t0
  };
  const std::array<u64, 8> data = {
      start_addr,          fdt_addr,      kFwDynamicMagic, kFwDynamicVersion, kernel_entry,
      kFwDynamicNextModeS, /*options*/ 0, /*boot_hart*/ 0,
  };
  std::vector<u8> rom(sizeof kCode + sizeof data);
  std::memcpy(rom.data(), kCode.data(), sizeof kCode);  // the host is little-endian, as RISC-V
  std::memcpy(rom.data() + sizeof kCode, data.data(), sizeof data);
  return rom;
}

}  // namespace polyvm::board::riscv64
