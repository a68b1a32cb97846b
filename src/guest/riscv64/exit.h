// Why the interpreter stopped: guest events are values, never C++ exceptions.
#pragma once

#include "core/types.h"

namespace polyvm::guest::riscv64 {

enum class ExitReason : u8 {
  kEcall,               ///< pc = the ecall; the caller handles it and advances pc by 4
  kEbreak,              ///< pc = the ebreak (or c.ebreak)
  kIllegalInstruction,  ///< pc = the instruction; insn = its raw bits
  kFetchFault,          ///< pc = fault_addr = the unmapped or non-executable address
  kLoadFault,           ///< pc = the load; fault_addr = the address it read
  kStoreFault,          ///< pc = the store or AMO; fault_addr = the address it wrote
  kMisalignedAtomic,    ///< pc = the LR/SC/AMO; fault_addr = its misaligned address
  kInterrupted,         ///< interrupt_request was set; pc = the next instruction to run
  kHookStop,            ///< the instruction hook asked to stop; pc = the instruction, not yet run
  kWfi,                 ///< system mode: wfi retired; pc = the next instruction
};

struct Exit {
  ExitReason reason = ExitReason::kInterrupted;
  u64 pc = 0;
  u64 fault_addr = 0;
  u32 insn = 0;
};

}  // namespace polyvm::guest::riscv64
