// riscv64 disassembly in GNU objdump's syntax (ABI register names, its aliases), for
// `polyvm disasm` and `-d in_asm`.
#pragma once

#include <string>
#include <string_view>

#include "core/types.h"
#include "guest/riscv64/isa.h"

namespace polyvm::guest::riscv64 {

/// Disassembles the instruction in `raw` (a 16-bit one in the low half) at guest address `pc`
/// (for branch targets), e.g. "addi sp,sp,-16" or "beqz a0,10078". Unknown words print as
/// ".4byte 0x..." / ".2byte 0x...".
std::string disassemble(u32 raw, u64 pc, const IsaConfig& isa);

/// ABI names of the integer and floating-point registers ("a0", "fa0").
std::string_view x_name(unsigned reg);
std::string_view f_name(unsigned reg);

}  // namespace polyvm::guest::riscv64
