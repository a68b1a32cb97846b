// The per-thread run loop: interpreter exits become syscalls, signals or the end of the thread.
#include "linux/run_loop.h"

#include "linux/debug_hooks.h"
#include "linux/signals.h"
#include "linux/syscall_table.h"
#include "linux/thread.h"

namespace polyvm::linux_user {

namespace {

using guest::riscv64::ExitReason;

bool should_stop(const Thread& thread) {
  return thread.process.exiting.load(std::memory_order_acquire);
}

}  // namespace

void run_thread(Thread& thread) {
  ExecutionGate& gate = thread.process.gate();
  while (!should_stop(thread)) {
    gate.checkpoint(thread);
    prepare_debug_hook(thread);
    guest::riscv64::Exit exit = thread.interpreter.run(thread.cpu);
    gate.publish_counts(thread);
    switch (exit.reason) {
      case ExitReason::kEcall:
        gate.enter_syscall(thread, thread.cpu.pc);
        thread.cpu.pc += 4;
        dispatch_syscall(thread);
        gate.leave_syscall(thread);
        break;
      case ExitReason::kInterrupted:
        break;
      case ExitReason::kHookStop:
        thread.cpu.pc = exit.pc;
        report_hook_stop(thread);
        continue;  // the stop is the debugger's: no signals before the thread runs again
      default:
        report_fault_to_debugger(thread, exit);
        raise_synchronous_signal(thread, exit);
        break;
    }
    if (should_stop(thread)) break;
    deliver_pending_signals(thread);
  }
}

}  // namespace polyvm::linux_user
