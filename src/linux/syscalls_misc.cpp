// Identity, limits, scheduling, randomness and process attributes: mostly the host's answers,
// with uname saying riscv64.
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstring>

#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

s64 sys_uname(Thread& thread, const SyscallArgs& a) {
  utsname u;
  if (::uname(&u) != 0) return -errno;
  std::strncpy(u.machine, "riscv64", sizeof u.machine);
  return write_guest(thread, a[0], u) ? 0 : -EFAULT;
}

constexpr u64 kTaskCommLen = 16;

s64 sys_prctl(Thread& thread, const SyscallArgs& a) {
  int option = static_cast<int>(a[0]);
  switch (option) {
    case PR_SET_NAME:
    case PR_GET_NAME: {
      u8* name = guest_buffer(thread, a[1], kTaskCommLen);
      if (!name) return -EFAULT;
      return host_result(::prctl(option, name, 0, 0, 0));
    }
    case PR_GET_PDEATHSIG:
    case PR_GET_CHILD_SUBREAPER: {
      u8* out = guest_buffer(thread, a[1], sizeof(int));
      if (!out) return -EFAULT;
      return host_result(::prctl(option, out, 0, 0, 0));
    }
    case PR_SET_PDEATHSIG:
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_CHILD_SUBREAPER:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_CAPBSET_READ:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
      return host_result(::prctl(option, a[1], a[2], a[3], a[4]));
    case PR_SET_VMA:  // naming anonymous memory is only a debugging aid
      return 0;
    default:
      return -EINVAL;
  }
}

/// The guest runs as Linux's default personality.
s64 sys_personality(Thread&, const SyscallArgs& a) {
  return static_cast<u32>(a[0]) == 0xffffffff || a[0] == 0 ? 0 : -EINVAL;
}

/// rseq needs the kernel to rewrite guest registers on preemption; glibc falls back without it.
s64 sys_enosys(Thread&, const SyscallArgs&) {
  return -ENOSYS;
}

constexpr u32 kRlimit = sizeof(rlimit);

}  // namespace

void register_misc_syscalls(SyscallTable& t) {
  using A = Arg;
  define_syscall(t, nr::uname, sys_uname, {A::kPtr});
  define_syscall(t, nr::prctl, sys_prctl, {A::kInt, A::kHex, A::kHex, A::kHex, A::kHex});
  define_syscall(t, nr::personality, sys_personality, {A::kHex});
  define_syscall(t, nr::rseq, sys_enosys, {A::kPtr, A::kInt, A::kHex, A::kHex});
  define_syscall(t, nr::getppid, host_syscall<SYS_getppid>, {});
  define_syscall(t, nr::getuid, host_syscall<SYS_getuid>, {});
  define_syscall(t, nr::geteuid, host_syscall<SYS_geteuid>, {});
  define_syscall(t, nr::getgid, host_syscall<SYS_getgid>, {});
  define_syscall(t, nr::getegid, host_syscall<SYS_getegid>, {});
  define_syscall(t, nr::getresuid,
                 host_syscall<SYS_getresuid, PtrArg{0, 4}, PtrArg{1, 4}, PtrArg{2, 4}>,
                 {A::kPtr, A::kPtr, A::kPtr});
  define_syscall(t, nr::getresgid,
                 host_syscall<SYS_getresgid, PtrArg{0, 4}, PtrArg{1, 4}, PtrArg{2, 4}>,
                 {A::kPtr, A::kPtr, A::kPtr});
  define_syscall(t, nr::getgroups, host_syscall<SYS_getgroups, PtrArg{1, 0, 0, 4}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::setgroups, host_syscall<SYS_setgroups, PtrArg{1, 0, 0, 4}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::setuid, host_syscall<SYS_setuid>, {A::kInt});
  define_syscall(t, nr::setgid, host_syscall<SYS_setgid>, {A::kInt});
  define_syscall(t, nr::setreuid, host_syscall<SYS_setreuid>, {A::kInt, A::kInt});
  define_syscall(t, nr::setregid, host_syscall<SYS_setregid>, {A::kInt, A::kInt});
  define_syscall(t, nr::setresuid, host_syscall<SYS_setresuid>, {A::kInt, A::kInt, A::kInt});
  define_syscall(t, nr::setresgid, host_syscall<SYS_setresgid>, {A::kInt, A::kInt, A::kInt});
  define_syscall(t, nr::setfsuid, host_syscall<SYS_setfsuid>, {A::kInt});
  define_syscall(t, nr::setfsgid, host_syscall<SYS_setfsgid>, {A::kInt});
  define_syscall(t, nr::setsid, host_syscall<SYS_setsid>, {});
  define_syscall(t, nr::getsid, host_syscall<SYS_getsid>, {A::kInt});
  define_syscall(t, nr::getpgid, host_syscall<SYS_getpgid>, {A::kInt});
  define_syscall(t, nr::setpgid, host_syscall<SYS_setpgid>, {A::kInt, A::kInt});
  define_syscall(t, nr::umask, host_syscall<SYS_umask>, {A::kOctal});
  define_syscall(t, nr::sysinfo, host_syscall<SYS_sysinfo, PtrArg{0, sizeof(struct sysinfo)}>,
                 {A::kPtr});
  define_syscall(t, nr::getrusage, host_syscall<SYS_getrusage, PtrArg{1, sizeof(rusage)}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::getrlimit, host_syscall<SYS_getrlimit, PtrArg{1, kRlimit}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::setrlimit, host_syscall<SYS_setrlimit, PtrArg{1, kRlimit}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::prlimit64,
                 host_syscall<SYS_prlimit64, PtrArg{2, kRlimit}, PtrArg{3, kRlimit}>,
                 {A::kInt, A::kInt, A::kPtr, A::kPtr});
  define_syscall(t, nr::getpriority, host_syscall<SYS_getpriority>, {A::kInt, A::kInt});
  define_syscall(t, nr::setpriority, host_syscall<SYS_setpriority>, {A::kInt, A::kInt, A::kInt});
  define_syscall(t, nr::sched_yield, host_syscall<SYS_sched_yield>, {});
  define_syscall(t, nr::sched_get_priority_max, host_syscall<SYS_sched_get_priority_max>,
                 {A::kInt});
  define_syscall(t, nr::sched_get_priority_min, host_syscall<SYS_sched_get_priority_min>,
                 {A::kInt});
  define_syscall(t, nr::sched_getscheduler, host_syscall<SYS_sched_getscheduler>, {A::kInt});
  define_syscall(t, nr::sched_getparam, host_syscall<SYS_sched_getparam, PtrArg{1, 4}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::sched_setscheduler, host_syscall<SYS_sched_setscheduler, PtrArg{2, 4}>,
                 {A::kInt, A::kInt, A::kPtr});
  define_syscall(t, nr::getcpu, host_syscall<SYS_getcpu, PtrArg{0, 4}, PtrArg{1, 4}>,
                 {A::kPtr, A::kPtr, A::kPtr});
  define_syscall(t, nr::ioprio_get, host_syscall<SYS_ioprio_get>, {A::kInt, A::kInt});
  define_syscall(t, nr::ioprio_set, host_syscall<SYS_ioprio_set>, {A::kInt, A::kInt, A::kInt});
  define_syscall(t, nr::sched_setparam, host_syscall<SYS_sched_setparam, PtrArg{1, 4}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::sched_rr_get_interval,
                 host_syscall<SYS_sched_rr_get_interval, PtrArg{1, sizeof(timespec)}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::sethostname, host_syscall<SYS_sethostname, PtrArg{0, 0, 1}>,
                 {A::kString, A::kInt});
  define_syscall(t, nr::setdomainname, host_syscall<SYS_setdomainname, PtrArg{0, 0, 1}>,
                 {A::kString, A::kInt});
  define_syscall(t, nr::pidfd_open, host_syscall<SYS_pidfd_open>, {A::kInt, A::kHex});
  define_syscall(t, nr::pidfd_getfd, host_syscall<SYS_pidfd_getfd>, {A::kFd, A::kFd, A::kHex});
  define_syscall(t, nr::getrandom, host_syscall<SYS_getrandom, PtrArg{0, 0, 1}>,
                 {A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::capget, host_syscall<SYS_capget, PtrArg{0, 8}, PtrArg{1, 24}>,
                 {A::kPtr, A::kPtr});
}

}  // namespace polyvm::linux_user
