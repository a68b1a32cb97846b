// Tier 0: runs riscv64 code from a per-page cache of decoded instructions (threaded dispatch).
#pragma once

#include <cstdio>
#include <functional>
#include <memory>

#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/exit.h"
#include "guest/riscv64/isa.h"
#include "guest/riscv64/system/system_context.h"

namespace polyvm::guest::riscv64 {

/// What the interpreter prints while it runs (QEMU's -d in_asm,cpu).
struct TraceOptions {
  bool in_asm = false;  ///< disassemble each instruction when it is first decoded
  bool cpu = false;     ///< dump the registers before each instruction
  std::FILE* out = stderr;
};

/// One per guest thread or hart (its decode cache is private; invalidation reaches all of them).
///
///   Interpreter interp(isa, space.base(), space.size());
///   for (;;) { Exit e = interp.run(cpu); if (e.reason == ExitReason::kEcall) ... }
///
/// In system mode (the second constructor) accesses go through the hart's MMU, traps and
/// ecalls are taken inside run(), and run() returns only kInterrupted, kWfi or kHookStop.
class Interpreter {
 public:
  /// User mode: guest address a is at host address guest_base + a; addresses >= guest_limit
  /// fault.
  Interpreter(const IsaConfig& isa, u8* guest_base, u64 guest_limit, TraceOptions trace = {});
  /// System mode: the hart whose privileged state and MMU `system` holds.
  Interpreter(const IsaConfig& isa, system::SystemContext& system, TraceOptions trace = {});
  ~Interpreter();
  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;

  /// Runs from cpu.pc until a guest event. On return cpu.pc is as the Exit describes.
  Exit run(CpuState& cpu);

  /// Drops decoded code overlapping [addr, addr+length) in every interpreter of the process
  /// (munmap, mprotect, riscv_flush_icache); each notices before it next enters another page.
  static void invalidate_code(u64 addr, u64 length);

  /// For the host SIGSEGV/SIGBUS handler: when this thread is inside run() and the faulting host
  /// address lies in the guest space, unwinds into run(), which returns a fault Exit; otherwise
  /// returns false and the handler treats the fault as polyvm's own.
  static bool recover_from_host_fault(const void* host_addr);

  u64 instructions_decoded() const;

  /// Called before each instruction while set (run() then uses a slower, instrumented
  /// dispatch). Returning true stops run() before that instruction with ExitReason::kHookStop.
  /// Set or clear it only between run() calls on this interpreter's thread.
  void set_instruction_hook(std::function<bool(const CpuState& cpu, u64 pc)> hook);

  /// Which guest addresses hold executable code (the Linux layer: pages mapped with PROT_EXEC).
  /// Fetching from anywhere else returns kFetchFault. Asked once per page until code is next
  /// invalidated (mprotect and munmap invalidate). Without a check every mapped page executes.
  void set_executable_check(std::function<bool(u64 addr)> is_executable);

 private:
  bool instrumented() const;  ///< trace or hook: the per-instruction dispatch

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace polyvm::guest::riscv64
