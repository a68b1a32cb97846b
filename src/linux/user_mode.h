// Linux user mode's entry point: load a riscv64 program and run it to its end.
#pragma once

#include "core/error.h"
#include "linux/options.h"

namespace polyvm::linux_user {

/// Reserves the guest space, loads the program (and its PT_INTERP from the sysroot), builds the
/// initial stack, and runs the main thread until the process exits. Returns the guest's exit
/// status; a guest killed by a signal kills polyvm the same way. Errors: the program or its
/// interpreter cannot be loaded.
Result<int> run_program(RunOptions options);

}  // namespace polyvm::linux_user
