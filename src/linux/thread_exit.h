// How guest threads and the guest process end: exit, exit_group, and the count of live threads.
#pragma once

#include <functional>

#include "core/types.h"

namespace polyvm::linux_user {

class Thread;

/// A guest thread is starting on a new host thread (clone) or the process was just forked.
void count_new_thread();
void reset_thread_count_after_fork();
/// A counted thread failed to start.
void uncount_thread();

/// exit: clears and wakes clear_child_tid, then ends the host thread (the last one ends the
/// process with `status`).
[[noreturn]] void exit_thread(Thread& thread, int status);

/// exit_group: marks the process exiting with `status`. Returns only when the caller is the sole
/// thread and the main one, so the run loop returns and run_program reports the status;
/// otherwise every host thread ends at once.
void exit_process(Thread& thread, int status);

/// Called once, before the process ends, with its exit status or the signal that kills it (0
/// when none): the control socket's SHUTDOWN event and the gdbstub's W/X packet. Forked
/// children forget it.
void set_exit_observer(std::function<void(int status, int signal)> observer);
/// Tells the observer (once; later calls do nothing).
void notify_exit(int status, int signal);

/// Ends every host thread of the process with `status` (after flushing polyvm's own streams).
[[noreturn]] void end_process(int status);

}  // namespace polyvm::linux_user
