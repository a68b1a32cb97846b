// One guest thread: its registers, interpreter and per-thread kernel state, on one host thread.
#pragma once

#include <sys/mman.h>

#include <atomic>
#include <memory>

#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/interpreter.h"
#include "linux/debug_hooks.h"
#include "linux/process.h"

namespace polyvm::linux_user {

struct SigAltStack {
  u64 sp = 0;
  u64 size = 0;
  int flags = 2;  ///< SS_DISABLE until sigaltstack sets one
};

class Thread {
 public:
  Thread(Process& owner, int id)
      : process(owner),
        tid(id),
        interpreter(owner.options().isa, owner.space().base(), owner.space().size(),
                    owner.options().trace) {
    // Code runs only from pages the guest mapped executable, as on Linux.
    interpreter.set_executable_check([&memory = owner.memory()](u64 addr) {
      return memory.accessible(addr, 1, PROT_EXEC);
    });
  }

  Process& process;
  int tid;  ///< the host thread id, which is also the guest's
  guest::riscv64::CpuState cpu;
  guest::riscv64::Interpreter interpreter;

  std::atomic<u64> blocked{0};  ///< signal mask, bit n-1 = signal n
  std::atomic<u64> pending{0};  ///< thread-directed signals waiting for delivery
  SigAltStack altstack;
  u64 clear_child_tid = 0;  ///< set_tid_address / CLONE_CHILD_CLEARTID
  u64 robust_list = 0;
  u64 robust_list_len = 0;
  GateSlot gate;      ///< this thread's part of process.gate()
  ThreadDebug debug;  ///< this thread's part of process.debug()
};

/// The Thread running on this host thread (set by the run loop), for host signal handlers.
Thread*& current_thread();

}  // namespace polyvm::linux_user
