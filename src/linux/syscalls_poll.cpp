// ioctl (terminals and friends), poll/select, epoll with the riscv64 epoll_event layout,
// eventfd and inotify.
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>

#include <algorithm>
#include <array>
#include <climits>
#include <vector>

#include "linux/guest_structs.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

/// An ioctl polyvm passes on: its argument is a value (size 0) or points at `size` bytes. The
/// numbers and layouts are the asm-generic ones, the same on riscv64 and x86-64.
struct IoctlInfo {
  u32 request;
  u32 size;
};

// termios and winsize have the same layout on both (asm-generic termbits, NCCS 19).
constexpr u32 kTermios = 36;
constexpr u32 kWinsize = 8;

constexpr std::array kIoctls{
    IoctlInfo{TCGETS, kTermios},
    IoctlInfo{TCSETS, kTermios},
    IoctlInfo{TCSETSW, kTermios},
    IoctlInfo{TCSETSF, kTermios},
    IoctlInfo{TIOCGWINSZ, kWinsize},
    IoctlInfo{TIOCSWINSZ, kWinsize},
    IoctlInfo{FIONREAD, 4},
    IoctlInfo{FIONBIO, 4},
    IoctlInfo{FIOASYNC, 4},
    IoctlInfo{TIOCGPGRP, 4},
    IoctlInfo{TIOCSPGRP, 4},
    IoctlInfo{TIOCGSID, 4},
    IoctlInfo{TIOCOUTQ, 4},
    IoctlInfo{TIOCGPTN, 4},
    IoctlInfo{TIOCSPTLCK, 4},
    IoctlInfo{TIOCSCTTY, 0},
    IoctlInfo{TIOCNOTTY, 0},
    IoctlInfo{TCFLSH, 0},
    IoctlInfo{TCXONC, 0},
    IoctlInfo{TCSBRK, 0},
    IoctlInfo{FIOCLEX, 0},
    IoctlInfo{FIONCLEX, 0},
};

s64 sys_ioctl(Thread& thread, const SyscallArgs& a) {
  u32 request = static_cast<u32>(a[1]);
  for (const IoctlInfo& info : kIoctls) {
    if (info.request != request) continue;
    u64 arg = a[2];
    if (info.size) {
      u8* p = guest_buffer(thread, arg, info.size);
      if (!p) return -EFAULT;
      arg = reinterpret_cast<u64>(p);
    }
    return host_result(::syscall(SYS_ioctl, a[0], request, arg));
  }
  return -ENOTTY;
}

/// pselect6's sixth argument: {const sigset_t* ss; size_t ss_len} with a guest pointer.
s64 sys_pselect6(Thread& thread, const SyscallArgs& a) {
  SyscallArgs h = a;
  u32 set_bytes = static_cast<u32>((std::min<u64>(a[0], 1024) + 63) / 64 * 8);
  if (!translate_pointers(thread, h,
                          {PtrArg{1, set_bytes}, PtrArg{2, set_bytes}, PtrArg{3, set_bytes},
                           PtrArg{4, sizeof(timespec)}})) {
    return -EFAULT;
  }
  std::array<u64, 2> sig{};
  if (a[5]) {
    if (!read_guest(thread, a[5], sig)) return -EFAULT;
    SyscallArgs mask{sig[0]};
    if (!translate_pointers(thread, mask, {PtrArg{0, 8}})) return -EFAULT;
    sig[0] = mask[0];
    h[5] = reinterpret_cast<u64>(sig.data());
  }
  return host_result(::syscall(SYS_pselect6, h[0], h[1], h[2], h[3], h[4], h[5]));
}

s64 sys_epoll_ctl(Thread& thread, const SyscallArgs& a) {
  epoll_event host{};
  if (a[3]) {
    GuestEpollEvent guest;
    if (!read_guest(thread, a[3], guest)) return -EFAULT;
    host.events = guest.events;
    host.data.u64 = guest.data;
  }
  return host_result(::syscall(SYS_epoll_ctl, a[0], a[1], a[2], a[3] ? &host : nullptr));
}

/// epoll_pwait and epoll_pwait2: the host fills packed x86-64 events, the guest gets 16-byte ones.
template <long kHostNumber, u32 kTimeoutSize>
s64 epoll_wait_common(Thread& thread, const SyscallArgs& a) {
  int max = static_cast<int>(a[2]);
  if (max <= 0 || static_cast<u64>(max) > INT_MAX / sizeof(GuestEpollEvent)) return -EINVAL;
  if (!guest_ptr(thread, a[1], u64(max) * sizeof(GuestEpollEvent), PROT_WRITE)) return -EFAULT;
  SyscallArgs h = a;
  bool ok = kTimeoutSize ? translate_pointers(thread, h, {PtrArg{3, kTimeoutSize}, PtrArg{4, 8}})
                         : translate_pointers(thread, h, {PtrArg{4, 8}});
  if (!ok) return -EFAULT;
  std::vector<epoll_event> events(static_cast<size_t>(max));
  s64 n = host_result(::syscall(kHostNumber, a[0], events.data(), max, h[3], h[4], a[5]));
  for (s64 i = 0; i < n; ++i) {
    GuestEpollEvent guest{events[i].events, 0, events[i].data.u64};
    write_guest(thread, a[1] + static_cast<u64>(i) * sizeof guest, guest);
  }
  return n;
}

}  // namespace

void register_poll_syscalls(SyscallTable& t) {
  using A = Arg;
  define_syscall(t, nr::ioctl, sys_ioctl, {A::kFd, A::kHex, A::kHex});
  define_syscall(
      t, nr::ppoll,
      host_syscall<SYS_ppoll, PtrArg{0, 0, 1, 8}, PtrArg{2, sizeof(timespec)}, PtrArg{3, 8}>,
      {A::kPtr, A::kInt, A::kPtr, A::kPtr, A::kInt});
  define_syscall(t, nr::pselect6, sys_pselect6,
                 {A::kInt, A::kPtr, A::kPtr, A::kPtr, A::kPtr, A::kPtr});
  define_syscall(t, nr::epoll_create1, host_syscall<SYS_epoll_create1>, {A::kHex});
  define_syscall(t, nr::epoll_ctl, sys_epoll_ctl, {A::kFd, A::kInt, A::kFd, A::kPtr});
  define_syscall(t, nr::epoll_pwait, epoll_wait_common<SYS_epoll_pwait, 0>,
                 {A::kFd, A::kPtr, A::kInt, A::kInt, A::kPtr, A::kInt});
  define_syscall(t, nr::epoll_pwait2, epoll_wait_common<SYS_epoll_pwait2, sizeof(timespec)>,
                 {A::kFd, A::kPtr, A::kInt, A::kPtr, A::kPtr, A::kInt});
  define_syscall(t, nr::eventfd2, host_syscall<SYS_eventfd2>, {A::kInt, A::kHex});
  // Guest-blocked signals are blocked on the host too (signals.cpp mirrors the mask), so a
  // host signalfd sees what the guest's would.
  define_syscall(t, nr::signalfd4, host_syscall<SYS_signalfd4, PtrArg{1, 8}>,
                 {A::kFd, A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::inotify_init1, host_syscall<SYS_inotify_init1>, {A::kHex});
  define_syscall(t, nr::inotify_add_watch, host_path_syscall<SYS_inotify_add_watch, 2>,
                 {A::kFd, A::kString, A::kHex});
  define_syscall(t, nr::inotify_rm_watch, host_syscall<SYS_inotify_rm_watch>, {A::kFd, A::kInt});
}

}  // namespace polyvm::linux_user
