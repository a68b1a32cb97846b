// Guest signals: host handlers that route to the guest, frames, delivery and default actions.
#pragma once

#include "guest/riscv64/exit.h"

namespace polyvm::linux_user {

class Process;
class Thread;

/// Installs polyvm's host handlers (SIGSEGV/SIGBUS recovery of guest faults, and forwarding of
/// asynchronous signals to the guest). Called once per process before the guest runs.
void install_host_signal_handlers(Process& process);

/// Turns a fault Exit (illegal instruction, ebreak, memory fault) into the guest's synchronous
/// signal: runs its handler, or ends the process as the default action would.
void raise_synchronous_signal(Thread& thread, const guest::riscv64::Exit& exit);

/// Delivers pending unblocked signals: builds a frame on the guest stack and points the cpu at
/// the handler, or takes the default action. Called when run() returns kInterrupted and after
/// every syscall.
void deliver_pending_signals(Thread& thread);

/// Ends the whole process as if killed by `signal` natively (same wait status, no core file).
[[noreturn]] void die_by_signal(int signal);

}  // namespace polyvm::linux_user
