// futex on the host: guest words are host words inside the reservation, so the host kernel
// queues guest waiters itself. Also the sched affinity calls, which pass through as well.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>

#include "linux/syscall_support.h"
#include "linux/syscalls_process.h"

namespace polyvm::linux_user {

namespace {

constexpr int kFutexCmdMask = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

/// Commands whose fourth argument is a timespec pointer (the others take a count there).
bool takes_timeout(int cmd) {
  return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET || cmd == FUTEX_LOCK_PI ||
         cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_WAIT_REQUEUE_PI;
}

/// Commands that use the second word uaddr2.
bool takes_second_word(int cmd) {
  return cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE || cmd == FUTEX_WAKE_OP ||
         cmd == FUTEX_CMP_REQUEUE_PI || cmd == FUTEX_WAIT_REQUEUE_PI;
}

/// The host address of an aligned guest futex word, or an -errno.
s64 futex_word(Thread& thread, u64 addr, u8*& host) {
  if (addr % sizeof(u32) != 0) return -EINVAL;
  host = guest_ptr(thread, addr, sizeof(u32), PROT_READ);
  return host ? 0 : -EFAULT;
}

s64 sys_futex(Thread& thread, const SyscallArgs& a) {
  int op = static_cast<int>(a[1]);
  int cmd = op & kFutexCmdMask;
  u8* word = nullptr;
  if (s64 error = futex_word(thread, a[0], word)) return error;
  u8* second = nullptr;
  if (takes_second_word(cmd)) {
    if (s64 error = futex_word(thread, a[4], second)) return error;
  }
  timespec timeout{};
  const void* fourth = reinterpret_cast<const void*>(a[3]);  // a count (val2) for most commands
  if (takes_timeout(cmd)) {
    if (a[3] != 0 && !read_guest(thread, a[3], timeout)) return -EFAULT;
    fourth = a[3] != 0 ? &timeout : nullptr;
  }
  // SAFETY: word and second are aligned guest words inside the reservation.
  return host_result(::syscall(SYS_futex, word, op, static_cast<u32>(a[2]), fourth, second,
                               static_cast<u32>(a[5])));
}

s64 sys_sched_setaffinity(Thread& thread, const SyscallArgs& a) {
  u8* mask = guest_ptr(thread, a[2], a[1], PROT_READ);
  if (!mask) return -EFAULT;
  return host_result(::syscall(SYS_sched_setaffinity, a[0], a[1], mask));
}

s64 sys_sched_getaffinity(Thread& thread, const SyscallArgs& a) {
  u8* mask = guest_ptr(thread, a[2], a[1], PROT_WRITE);
  if (!mask) return -EFAULT;
  return host_result(::syscall(SYS_sched_getaffinity, a[0], a[1], mask));
}

}  // namespace

void register_futex_syscalls(SyscallTable& table) {
  using enum Arg;
  define_syscall(table, nr::futex, sys_futex, {kPtr, kHex, kInt, kPtr, kPtr, kHex});
  define_syscall(table, nr::sched_setaffinity, sys_sched_setaffinity, {kInt, kInt, kPtr});
  define_syscall(table, nr::sched_getaffinity, sys_sched_getaffinity, {kInt, kInt, kPtr});
}

}  // namespace polyvm::linux_user
