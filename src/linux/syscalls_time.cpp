// Clock, sleep and timer system calls. The host's clock_gettime and gettimeofday may run in its
// vDSO (no kernel copy, so no EFAULT): their results go through write_guest.
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>
#include <time.h>

#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

s64 sys_clock_gettime(Thread& thread, const SyscallArgs& a) {
  timespec ts;
  if (::clock_gettime(static_cast<clockid_t>(a[0]), &ts) != 0) return -errno;
  return write_guest(thread, a[1], ts) ? 0 : -EFAULT;
}

/// The kernel keeps no real zone (sys_tz is 0 unless an admin set it).
constexpr struct timezone kUtcZone {};

s64 sys_gettimeofday(Thread& thread, const SyscallArgs& a) {
  timeval tv;
  ::gettimeofday(&tv, nullptr);
  if (a[0] && !write_guest(thread, a[0], tv)) return -EFAULT;
  if (a[1] && !write_guest(thread, a[1], kUtcZone)) return -EFAULT;
  return 0;
}

constexpr u32 kTimespec = sizeof(timespec);
constexpr u32 kItimerspec = sizeof(itimerspec);
constexpr u32 kItimerval = sizeof(itimerval);

}  // namespace

void register_time_syscalls(SyscallTable& t) {
  using A = Arg;
  define_syscall(t, nr::clock_gettime, sys_clock_gettime, {A::kInt, A::kPtr});
  define_syscall(t, nr::clock_getres, host_syscall<SYS_clock_getres, PtrArg{1, kTimespec}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::clock_settime, host_syscall<SYS_clock_settime, PtrArg{1, kTimespec}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::gettimeofday, sys_gettimeofday, {A::kPtr, A::kPtr});
  define_syscall(t, nr::nanosleep,
                 host_syscall<SYS_nanosleep, PtrArg{0, kTimespec}, PtrArg{1, kTimespec}>,
                 {A::kPtr, A::kPtr});
  define_syscall(t, nr::clock_nanosleep,
                 host_syscall<SYS_clock_nanosleep, PtrArg{2, kTimespec}, PtrArg{3, kTimespec}>,
                 {A::kInt, A::kHex, A::kPtr, A::kPtr});
  define_syscall(t, nr::times, host_syscall<SYS_times, PtrArg{0, sizeof(tms)}>, {A::kPtr});
  define_syscall(t, nr::getitimer, host_syscall<SYS_getitimer, PtrArg{1, kItimerval}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::setitimer,
                 host_syscall<SYS_setitimer, PtrArg{1, kItimerval}, PtrArg{2, kItimerval}>,
                 {A::kInt, A::kPtr, A::kPtr});
  // struct sigevent is 64 bytes with the same LP64 layout; sigev_value is opaque guest data.
  define_syscall(t, nr::timer_create, host_syscall<SYS_timer_create, PtrArg{1, 64}, PtrArg{2, 4}>,
                 {A::kInt, A::kPtr, A::kPtr});
  define_syscall(t, nr::timer_settime,
                 host_syscall<SYS_timer_settime, PtrArg{2, kItimerspec}, PtrArg{3, kItimerspec}>,
                 {A::kInt, A::kHex, A::kPtr, A::kPtr});
  define_syscall(t, nr::timer_gettime, host_syscall<SYS_timer_gettime, PtrArg{1, kItimerspec}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::timer_getoverrun, host_syscall<SYS_timer_getoverrun>, {A::kInt});
  define_syscall(t, nr::timer_delete, host_syscall<SYS_timer_delete>, {A::kInt});
  // struct timex: the same LP64 layout on riscv64 and x86-64.
  define_syscall(t, nr::adjtimex, host_syscall<SYS_adjtimex, PtrArg{0, sizeof(timex)}>, {A::kPtr});
  define_syscall(t, nr::clock_adjtime, host_syscall<SYS_clock_adjtime, PtrArg{1, sizeof(timex)}>,
                 {A::kInt, A::kPtr});
  define_syscall(t, nr::timerfd_create, host_syscall<SYS_timerfd_create>, {A::kInt, A::kHex});
  define_syscall(t, nr::timerfd_settime,
                 host_syscall<SYS_timerfd_settime, PtrArg{2, kItimerspec}, PtrArg{3, kItimerspec}>,
                 {A::kFd, A::kHex, A::kPtr, A::kPtr});
  define_syscall(t, nr::timerfd_gettime, host_syscall<SYS_timerfd_gettime, PtrArg{1, kItimerspec}>,
                 {A::kFd, A::kPtr});
}

}  // namespace polyvm::linux_user
