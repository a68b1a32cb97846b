// The riscv64 register file as gdb-multiarch's riscv target expects it: features
// org.gnu.gdb.riscv.cpu (x0-x31, pc) and org.gnu.gdb.riscv.fpu (f0-f31, fflags, frm, fcsr), the
// names and numbers of gdb's features/riscv/64bit-{cpu,fpu}.xml.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/types.h"

namespace polyvm::guest::riscv64 {
struct CpuState;
}

namespace polyvm::control::gdb::riscv64 {

/// Remote register numbers (the regnum attributes of target_xml()).
inline constexpr int kPc = 32;
inline constexpr int kFirstFpr = 33;
inline constexpr int kFflags = 66;  ///< 65 is unused: gdb numbers the CSRs from 65 + csr
inline constexpr int kFrm = 67;
inline constexpr int kFcsr = 68;

/// The target description: the two features above, architecture riscv:rv64.
[[nodiscard]] std::string target_xml();

/// The g packet: x0..x31, pc, f0..f31 (8 bytes each), fflags, frm, fcsr (4 bytes each).
[[nodiscard]] std::vector<u8> read_all(const guest::riscv64::CpuState& cpu);
/// Writes a g-layout buffer; false when its size is wrong (nothing written then).
bool write_all(guest::riscv64::CpuState& cpu, std::span<const u8> bytes);

/// One register by remote number; nullopt for a number the description does not have.
[[nodiscard]] std::optional<std::vector<u8>> read_one(const guest::riscv64::CpuState& cpu,
                                                      int regno);
/// False for an unknown number or a wrong size.
bool write_one(guest::riscv64::CpuState& cpu, int regno, std::span<const u8> bytes);

}  // namespace polyvm::control::gdb::riscv64
