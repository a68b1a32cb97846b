// The process syscall group's parts that live in their own files (execve, futex).
#pragma once

#include "linux/syscall_table.h"

namespace polyvm::linux_user {

void register_exec_syscalls(SyscallTable& table);   // execve
void register_futex_syscalls(SyscallTable& table);  // futex, sched affinity

}  // namespace polyvm::linux_user
