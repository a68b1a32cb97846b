// Signal system calls: rt_sigaction, masks, waiting, sending, sigaltstack and rt_sigreturn.
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "linux/signal_state.h"
#include "linux/signals.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

constexpr int kSigBlock = 0;
constexpr int kSigUnblock = 1;
constexpr int kSigSetmask = 2;
constexpr u64 kMinSigStackSize = 2048;  // MINSIGSTKSZ, asm-generic/signal.h

template <typename T>
std::optional<T> read_value(Thread& thread, u64 addr) {
  T value;
  if (!read_guest(thread, addr, value)) return std::nullopt;
  return value;
}

bool valid_signal(u64 signal) {
  return signal >= 1 && signal <= kMaxSignal;
}

s64 sys_rt_sigaction(Thread& thread, const SyscallArgs& a) {
  int signal = static_cast<int>(a[0]);
  if (a[3] != kSigsetSize || !valid_signal(a[0])) return -EINVAL;
  std::optional<GuestSigaction> action;
  if (a[1] != 0) {
    if (signal == SIGKILL || signal == SIGSTOP) return -EINVAL;
    action = read_value<GuestSigaction>(thread, a[1]);
    if (!action) return -EFAULT;
    action->mask &= ~kUnblockable;
  }
  GuestSigaction old;
  {
    std::lock_guard lock(thread.process.sigaction_lock);
    old = thread.process.sigactions[signal];
    if (action) {
      thread.process.sigactions[signal] = *action;
      mirror_sigaction(signal, *action);
      if (action->handler == kSigIgn) thread.pending.fetch_and(~sig_bit(signal));
    }
  }
  if (a[2] != 0 && !write_guest(thread, a[2], old)) return -EFAULT;
  return 0;
}

s64 sys_rt_sigprocmask(Thread& thread, const SyscallArgs& a) {
  if (a[3] != kSigsetSize) return -EINVAL;
  u64 old = thread.blocked.load();
  if (a[1] != 0) {
    auto set = read_value<u64>(thread, a[1]);
    if (!set) return -EFAULT;
    switch (static_cast<int>(a[0])) {
      case kSigBlock:
        set_guest_mask(thread, old | *set);
        break;
      case kSigUnblock:
        set_guest_mask(thread, old & ~*set);
        break;
      case kSigSetmask:
        set_guest_mask(thread, *set);
        break;
      default:
        return -EINVAL;
    }
  }
  if (a[2] != 0 && !write_guest(thread, a[2], old)) return -EFAULT;
  return 0;
}

s64 sys_rt_sigpending(Thread& thread, const SyscallArgs& a) {
  if (a[1] != kSigsetSize) return -EINVAL;
  u64 set = pending_signals(thread) & thread.blocked.load();
  return write_guest(thread, a[0], set) ? 0 : -EFAULT;
}

s64 sys_rt_sigsuspend(Thread& thread, const SyscallArgs& a) {
  if (a[1] != kSigsetSize) return -EINVAL;
  auto mask = read_value<u64>(thread, a[0]);
  if (!mask) return -EFAULT;
  u64 recorded = thread.pending.load() | thread.process.shared_pending.load();
  if ((recorded & ~*mask & ~kUnblockable) == 0) {
    u64 host_set = host_mask_for(*mask);  // swapped in atomically: nothing slips in between
    ::syscall(SYS_rt_sigsuspend, &host_set, kSigsetSize);
  }
  enter_temporary_mask(thread, *mask);
  return -EINTR;
}

s64 sys_rt_sigtimedwait(Thread& thread, const SyscallArgs& a) {
  if (a[3] != kSigsetSize) return -EINVAL;
  auto set = read_value<u64>(thread, a[0]);
  if (!set) return -EFAULT;
  std::optional<timespec> timeout;
  if (a[2] != 0 && !(timeout = read_value<timespec>(thread, a[2]))) return -EFAULT;
  auto info = take_pending(thread, *set);
  if (!info) {
    siginfo_t host_info{};
    long got = ::syscall(SYS_rt_sigtimedwait, &*set, &host_info, timeout ? &*timeout : nullptr,
                         kSigsetSize);
    if (got < 0 && errno == EINTR) info = take_pending(thread, *set);
    if (!info && got < 0) return -errno;
    if (!info) info = *reinterpret_cast<GuestSiginfo*>(&host_info);
  }
  if (a[1] != 0 && !write_guest(thread, a[1], *info)) return -EFAULT;
  return info->signo;
}

s64 sys_rt_sigqueueinfo(Thread& thread, const SyscallArgs& a) {
  auto info = read_value<GuestSiginfo>(thread, a[2]);
  if (!info) return -EFAULT;
  return host_result(::syscall(SYS_rt_sigqueueinfo, a[0], a[1], &*info));
}

s64 sys_rt_tgsigqueueinfo(Thread& thread, const SyscallArgs& a) {
  auto info = read_value<GuestSiginfo>(thread, a[3]);
  if (!info) return -EFAULT;
  return host_result(::syscall(SYS_rt_tgsigqueueinfo, a[0], a[1], a[2], &*info));
}

/// do_sigaltstack: sigaltstack(2) and rt_sigreturn's restore of uc_stack.
s64 change_altstack(Thread& thread, const GuestStackT& ss) {
  if (on_altstack(thread, thread.cpu.x[2])) return -EPERM;
  int mode = ss.flags & ~kSsAutodisarm;
  if (mode != 0 && mode != kSsOnstack && mode != kSsDisable) return -EINVAL;
  if (mode == kSsDisable) {
    thread.altstack = SigAltStack{};
    return 0;
  }
  if (ss.size < kMinSigStackSize) return -ENOMEM;
  thread.altstack = SigAltStack{.sp = ss.sp, .size = ss.size, .flags = ss.flags & kSsAutodisarm};
  return 0;
}

s64 sys_rt_sigreturn(Thread& thread, const SyscallArgs&) {
  attach_thread(thread);
  auto restored = restore_signal_frame(thread);
  if (!restored) die_by_signal(SIGSEGV);
  set_guest_mask(thread, restored->mask);
  change_altstack(thread, restored->altstack);  // restore_altstack: errors are ignored
  return static_cast<s64>(thread.cpu.x[10]);    // the dispatcher writes a0 back unchanged
}

s64 sys_sigaltstack(Thread& thread, const SyscallArgs& a) {
  u64 sp = thread.cpu.x[2];
  GuestStackT old = altstack_report(thread, sp);
  if (a[0] != 0) {
    auto ss = read_value<GuestStackT>(thread, a[0]);
    if (!ss) return -EFAULT;
    if (s64 error = change_altstack(thread, *ss)) return error;
  }
  if (a[1] != 0 && !write_guest(thread, a[1], old)) return -EFAULT;
  return 0;
}

s64 sys_kill(Thread&, const SyscallArgs& a) {
  return host_result(::kill(static_cast<pid_t>(a[0]), static_cast<int>(a[1])));
}

s64 sys_tkill(Thread&, const SyscallArgs& a) {
  return host_result(::syscall(SYS_tkill, static_cast<pid_t>(a[0]), static_cast<int>(a[1])));
}

s64 sys_tgkill(Thread&, const SyscallArgs& a) {
  return host_result(::syscall(SYS_tgkill, static_cast<pid_t>(a[0]), static_cast<pid_t>(a[1]),
                               static_cast<int>(a[2])));
}

}  // namespace

void register_signal_syscalls(SyscallTable& table) {
  using enum Arg;
  define_syscall(table, nr::kill, sys_kill, {kInt, kInt});
  define_syscall(table, nr::tkill, sys_tkill, {kInt, kInt});
  define_syscall(table, nr::tgkill, sys_tgkill, {kInt, kInt, kInt});
  define_syscall(table, nr::sigaltstack, sys_sigaltstack, {kPtr, kPtr});
  define_syscall(table, nr::rt_sigsuspend, sys_rt_sigsuspend, {kPtr, kInt});
  define_syscall(table, nr::rt_sigaction, sys_rt_sigaction, {kInt, kPtr, kPtr, kInt});
  define_syscall(table, nr::rt_sigprocmask, sys_rt_sigprocmask, {kInt, kPtr, kPtr, kInt});
  define_syscall(table, nr::rt_sigpending, sys_rt_sigpending, {kPtr, kInt});
  define_syscall(table, nr::rt_sigtimedwait, sys_rt_sigtimedwait, {kPtr, kPtr, kPtr, kInt});
  define_syscall(table, nr::rt_sigqueueinfo, sys_rt_sigqueueinfo, {kInt, kInt, kPtr});
  define_syscall(table, nr::rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo, {kInt, kInt, kInt, kPtr});
  define_syscall(table, nr::rt_sigreturn, sys_rt_sigreturn, {}, true);
  make_interrupted_calls_restartable(table);
  apply_temporary_masks_on_interruption(table);
}

}  // namespace polyvm::linux_user
