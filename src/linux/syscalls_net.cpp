// Socket system calls. Socket addresses, options and control messages have the same layout on
// riscv64 and x86-64; only msghdr/iovec carry guest pointers that need translating.
#include <sys/socket.h>
#include <sys/syscall.h>

#include <algorithm>
#include <vector>

#include "linux/guest_structs.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

/// Translates a (buffer, socklen_t* length) pair whose buffer size is the guest's *length.
bool translate_sized(Thread& thread, SyscallArgs& h, u8 buffer, u8 length) {
  if (!h[length]) return h[buffer] == 0 || translate_pointers(thread, h, {PtrArg{buffer, 0}});
  u32 size = 0;
  if (!read_guest(thread, h[length], size)) return false;
  return translate_pointers(thread, h, {PtrArg{buffer, size}, PtrArg{length, sizeof(u32)}});
}

/// accept, accept4, getsockname, getpeername: (fd, addr, socklen_t* addrlen, ...).
template <long kHostNumber>
s64 address_out(Thread& thread, const SyscallArgs& a) {
  SyscallArgs h = a;
  if (!translate_sized(thread, h, 1, 2)) return -EFAULT;
  return host_result(::syscall(kHostNumber, h[0], h[1], h[2], h[3]));
}

s64 sys_recvfrom(Thread& thread, const SyscallArgs& a) {
  SyscallArgs h = a;
  if (!translate_pointers(thread, h, {PtrArg{1, 0, 2}}) || !translate_sized(thread, h, 4, 5)) {
    return -EFAULT;
  }
  return host_result(::syscall(SYS_recvfrom, h[0], h[1], h[2], h[3], h[4], h[5]));
}

s64 sys_getsockopt(Thread& thread, const SyscallArgs& a) {
  SyscallArgs h = a;
  if (!translate_sized(thread, h, 3, 4)) return -EFAULT;
  return host_result(::syscall(SYS_getsockopt, h[0], h[1], h[2], h[3], h[4]));
}

/// A guest msghdr rebuilt with host pointers.
struct HostMessage {
  msghdr msg{};
  std::vector<iovec> iov;
};

s64 to_host_message(Thread& thread, u64 addr, HostMessage& out) {
  GuestMsghdr g;
  if (!read_guest(thread, addr, g)) return -EFAULT;
  SyscallArgs p{g.name, g.namelen, g.control, g.controllen};
  if (!translate_pointers(thread, p, {PtrArg{0, 0, 1}, PtrArg{2, 0, 3}})) return -EFAULT;
  if (s64 r = host_iovecs(thread, g.iov, g.iovlen, out.iov); r < 0) return r;
  out.msg.msg_name = reinterpret_cast<void*>(p[0]);
  out.msg.msg_namelen = g.namelen;
  out.msg.msg_iov = out.iov.data();
  out.msg.msg_iovlen = out.iov.size();
  out.msg.msg_control = reinterpret_cast<void*>(p[2]);
  out.msg.msg_controllen = g.controllen;
  out.msg.msg_flags = g.flags;
  return 0;
}

s64 sys_sendmsg(Thread& thread, const SyscallArgs& a) {
  HostMessage m;
  if (s64 r = to_host_message(thread, a[1], m); r < 0) return r;
  return host_result(::syscall(SYS_sendmsg, a[0], &m.msg, a[2]));
}

s64 sys_recvmsg(Thread& thread, const SyscallArgs& a) {
  HostMessage m;
  if (s64 r = to_host_message(thread, a[1], m); r < 0) return r;
  s64 n = host_result(::syscall(SYS_recvmsg, a[0], &m.msg, a[2]));
  if (n < 0) return n;
  GuestMsghdr g;
  read_guest(thread, a[1], g);
  g.namelen = m.msg.msg_namelen;
  g.controllen = m.msg.msg_controllen;
  g.flags = m.msg.msg_flags;
  return write_guest(thread, a[1], g) ? n : -EFAULT;
}

/// sendmmsg and recvmmsg: each guest mmsghdr rebuilt for the host; msg_len (and for receiving
/// the lengths and flags the host wrote) copied back.
template <long kHostNumber>
s64 multiple_messages(Thread& thread, const SyscallArgs& a) {
  constexpr u64 kMaxMessages = 1024;  // UIO_MAXIOV, the kernel's cap on vlen
  u64 count = std::min<u64>(a[2], kMaxMessages);
  std::vector<HostMessage> messages(count);
  std::vector<mmsghdr> host(count);
  for (u64 i = 0; i < count; ++i) {
    u64 guest = a[1] + i * sizeof(GuestMmsghdr);
    if (s64 r = to_host_message(thread, guest, messages[i]); r < 0) return r;
    host[i].msg_hdr = messages[i].msg;
  }
  SyscallArgs h = a;
  if (!translate_pointers(thread, h, {PtrArg{4, sizeof(timespec)}})) return -EFAULT;
  s64 n = host_result(::syscall(kHostNumber, a[0], host.data(), count, a[3], h[4]));
  for (s64 i = 0; i < n; ++i) {
    u64 guest = a[1] + static_cast<u64>(i) * sizeof(GuestMmsghdr);
    GuestMmsghdr g;
    if (!read_guest(thread, guest, g)) return -EFAULT;
    g.len = host[i].msg_len;
    g.hdr.namelen = host[i].msg_hdr.msg_namelen;
    g.hdr.controllen = host[i].msg_hdr.msg_controllen;
    g.hdr.flags = host[i].msg_hdr.msg_flags;
    if (!write_guest(thread, guest, g)) return -EFAULT;
  }
  return n;
}

}  // namespace

void register_net_syscalls(SyscallTable& t) {
  using A = Arg;
  define_syscall(t, nr::socket, host_syscall<SYS_socket>, {A::kInt, A::kHex, A::kInt});
  define_syscall(t, nr::socketpair, host_syscall<SYS_socketpair, PtrArg{3, 8}>,
                 {A::kInt, A::kHex, A::kInt, A::kPtr});
  define_syscall(t, nr::bind, host_syscall<SYS_bind, PtrArg{1, 0, 2}>, {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::connect, host_syscall<SYS_connect, PtrArg{1, 0, 2}>,
                 {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::listen, host_syscall<SYS_listen>, {A::kFd, A::kInt});
  define_syscall(t, nr::accept, address_out<SYS_accept>, {A::kFd, A::kPtr, A::kPtr});
  define_syscall(t, nr::accept4, address_out<SYS_accept4>, {A::kFd, A::kPtr, A::kPtr, A::kHex});
  define_syscall(t, nr::getsockname, address_out<SYS_getsockname>, {A::kFd, A::kPtr, A::kPtr});
  define_syscall(t, nr::getpeername, address_out<SYS_getpeername>, {A::kFd, A::kPtr, A::kPtr});
  define_syscall(t, nr::sendto, host_syscall<SYS_sendto, PtrArg{1, 0, 2}, PtrArg{4, 0, 5}>,
                 {A::kFd, A::kPtr, A::kInt, A::kHex, A::kPtr, A::kInt});
  define_syscall(t, nr::recvfrom, sys_recvfrom,
                 {A::kFd, A::kPtr, A::kInt, A::kHex, A::kPtr, A::kPtr});
  define_syscall(t, nr::setsockopt, host_syscall<SYS_setsockopt, PtrArg{3, 0, 4}>,
                 {A::kFd, A::kInt, A::kInt, A::kPtr, A::kInt});
  define_syscall(t, nr::getsockopt, sys_getsockopt, {A::kFd, A::kInt, A::kInt, A::kPtr, A::kPtr});
  define_syscall(t, nr::shutdown, host_syscall<SYS_shutdown>, {A::kFd, A::kInt});
  define_syscall(t, nr::sendmsg, sys_sendmsg, {A::kFd, A::kPtr, A::kHex});
  define_syscall(t, nr::recvmsg, sys_recvmsg, {A::kFd, A::kPtr, A::kHex});
  define_syscall(t, nr::sendmmsg, multiple_messages<SYS_sendmmsg>,
                 {A::kFd, A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::recvmmsg, multiple_messages<SYS_recvmmsg>,
                 {A::kFd, A::kPtr, A::kInt, A::kHex, A::kPtr});
}

}  // namespace polyvm::linux_user
