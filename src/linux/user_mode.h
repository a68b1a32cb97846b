// Linux user mode's entry point: load a riscv64 program and run it to its end.
#pragma once

#include <functional>

#include "core/error.h"
#include "linux/options.h"

namespace polyvm::linux_user {

class Process;

/// What a controller (control socket, gdbstub) does around a run. `started` sees the process
/// after loading and before its first instruction: it may enable the process's gate and close
/// it (start paused). It learns how the process ends through set_exit_observer (thread_exit.h).
struct RunController {
  std::function<Result<void>(Process& process)> started;
};

/// Reserves the guest space, loads the program (and its PT_INTERP from the sysroot), builds the
/// initial stack, and runs the main thread until the process exits. Returns the guest's exit
/// status; a guest killed by a signal kills polyvm the same way. Errors: the program or its
/// interpreter cannot be loaded.
Result<int> run_program(RunOptions options, const RunController& controller = {});

}  // namespace polyvm::linux_user
