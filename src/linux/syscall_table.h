// The riscv64 Linux system call table (asm-generic numbers): dispatch, -strace and ENOSYS.
#pragma once

#include <array>

#include "core/types.h"

namespace polyvm::linux_user {

class Thread;

/// Arguments a0..a5 of an ecall.
using SyscallArgs = std::array<u64, 6>;

/// Returns the value for a0: a result, or -errno as the kernel does.
using SyscallFn = s64 (*)(Thread&, const SyscallArgs&);

/// How -strace prints one argument.
enum class Arg : u8 {
  kInt,        ///< signed decimal
  kHex,        ///< 0x...
  kPtr,        ///< guest pointer, 0x... or NULL
  kString,     ///< guest C string, quoted
  kFd,         ///< file descriptor (AT_FDCWD shown by name)
  kOctal,      ///< modes
  kOpenFlags,  ///< O_RDONLY|O_CLOEXEC...
  kProt,       ///< PROT_READ|PROT_WRITE...
  kMmapFlags,  ///< MAP_PRIVATE|MAP_ANONYMOUS...
};

struct SyscallInfo {
  const char* name = nullptr;  ///< nullptr: not implemented
  SyscallFn fn = nullptr;
  u8 arg_count = 0;
  std::array<Arg, 6> args{};
  bool no_return = false;  ///< exit, exit_group, rt_sigreturn, execve on success: print no result
};

inline constexpr int kSyscallCount = 512;
using SyscallTable = std::array<SyscallInfo, kSyscallCount>;

/// The filled table; each syscalls_*.cpp contributes its group through a register_* function.
const SyscallTable& syscall_table();

/// Runs the syscall the thread's a7 names with a0..a5 and writes the result to a0.
void dispatch_syscall(Thread& thread);

// Groups (each in its own file).
void register_fs_syscalls(SyscallTable& table);       // files, directories, stat, ioctl, poll
void register_memory_syscalls(SyscallTable& table);   // mmap family, brk, madvise
void register_time_syscalls(SyscallTable& table);     // clocks, sleeps, timers
void register_misc_syscalls(SyscallTable& table);     // uname, ids, limits, random, prctl
void register_net_syscalls(SyscallTable& table);      // sockets
void register_process_syscalls(SyscallTable& table);  // clone, fork, execve, wait, exit, futex
void register_signal_syscalls(SyscallTable& table);   // rt_sig*, kill, tgkill, sigaltstack

}  // namespace polyvm::linux_user
