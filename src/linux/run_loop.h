// The per-thread loop: run the interpreter, turn its exits into syscalls and signals.
#pragma once

namespace polyvm::linux_user {

class Thread;

/// Runs the thread's guest code on the calling host thread until the thread or the process
/// exits. An ecall advances pc past itself before the syscall runs (so rt_sigreturn, clone and
/// signal frames see the return address); faults become synchronous signals; pending signals are
/// delivered after every syscall and interruption.
void run_thread(Thread& thread);

}  // namespace polyvm::linux_user
