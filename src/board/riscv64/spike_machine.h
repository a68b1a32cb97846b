// The bare-metal machine of `polyvm boot -M spike` (QEMU's -M spike, Spike's default): RAM at
// 0x8000_0000, a CLINT, and HTIF tohost/fromhost found through the program's ELF symbols.
#pragma once

#include <cstdio>
#include <string>

#include "core/error.h"
#include "guest/riscv64/interpreter.h"
#include "mem/tlb.h"

namespace polyvm::board::riscv64 {

struct SpikeOptions {
  std::string kernel;             ///< the bare-metal ELF (-kernel)
  u64 ram_size = u64{128} << 20;  ///< -m
  guest::riscv64::IsaConfig isa = guest::riscv64::IsaConfig::defaults();
  guest::riscv64::TraceOptions trace = {};
  std::FILE* console = stdout;  ///< where HTIF console output goes
};

/// What a run leaves behind for --stats.
struct SpikeResult {
  int exit_code = 0;     ///< the program's HTIF exit code
  u64 instructions = 0;  ///< retired
  mem::TlbStats tlb;     ///< the hart's three TLBs summed
};

/// Loads the ELF at its physical addresses, starts hart 0 at its entry in M-mode and runs it
/// until it writes an exit command to tohost. Errors: unreadable or non-riscv64 file, no
/// tohost symbol, segments outside RAM.
///
///   auto result = run_spike_machine({.kernel = "test.elf"});
///   if (result) return result->exit_code;
Result<SpikeResult> run_spike_machine(const SpikeOptions& options);

}  // namespace polyvm::board::riscv64
