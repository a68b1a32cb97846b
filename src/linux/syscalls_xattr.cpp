// Extended attribute system calls: a path or fd, an attribute name string and a value buffer,
// passed to the host after translation.
#include <sys/syscall.h>

#include <string>

#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

constexpr size_t kXattrNameMax = 255;  // XATTR_NAME_MAX, include/uapi/linux/limits.h

/// Arg 0 is a path (kPath) or an fd; arg kName (if >= 0) is an attribute name; kPtrs are buffers.
template <long kHostNumber, bool kPath, int kName, PtrArg... kPtrs>
s64 xattr_call(Thread& thread, const SyscallArgs& guest_args) {
  SyscallArgs a = guest_args;
  std::string path;
  if constexpr (kPath) {
    if (s64 r = host_path(thread, a[0], path); r < 0) return r;
    a[0] = reinterpret_cast<u64>(path.c_str());
  }
  std::string name;
  if constexpr (kName >= 0) {
    auto text = read_guest_string(thread, a[kName], kXattrNameMax + 1);
    if (!text) return guest_ptr(thread, a[kName], 1, PROT_READ) ? -ERANGE : -EFAULT;
    name = std::move(*text);
    a[kName] = reinterpret_cast<u64>(name.c_str());
  }
  if (!translate_pointers(thread, a, {kPtrs...})) return -EFAULT;
  return host_result(::syscall(kHostNumber, a[0], a[1], a[2], a[3], a[4]));
}

constexpr PtrArg kValue{2, 0, 3};  // (…, name, value, size)
constexpr PtrArg kList{1, 0, 2};   // (…, list, size)

}  // namespace

void register_xattr_syscalls(SyscallTable& t) {
  using A = Arg;
  const std::initializer_list<Arg> get{A::kString, A::kString, A::kPtr, A::kInt};
  const std::initializer_list<Arg> fget{A::kFd, A::kString, A::kPtr, A::kInt};
  const std::initializer_list<Arg> set{A::kString, A::kString, A::kPtr, A::kInt, A::kHex};
  const std::initializer_list<Arg> fset{A::kFd, A::kString, A::kPtr, A::kInt, A::kHex};
  define_syscall(t, nr::getxattr, xattr_call<SYS_getxattr, true, 1, kValue>, get);
  define_syscall(t, nr::lgetxattr, xattr_call<SYS_lgetxattr, true, 1, kValue>, get);
  define_syscall(t, nr::fgetxattr, xattr_call<SYS_fgetxattr, false, 1, kValue>, fget);
  define_syscall(t, nr::setxattr, xattr_call<SYS_setxattr, true, 1, kValue>, set);
  define_syscall(t, nr::lsetxattr, xattr_call<SYS_lsetxattr, true, 1, kValue>, set);
  define_syscall(t, nr::fsetxattr, xattr_call<SYS_fsetxattr, false, 1, kValue>, fset);
  define_syscall(t, nr::listxattr, xattr_call<SYS_listxattr, true, -1, kList>,
                 {A::kString, A::kPtr, A::kInt});
  define_syscall(t, nr::llistxattr, xattr_call<SYS_llistxattr, true, -1, kList>,
                 {A::kString, A::kPtr, A::kInt});
  define_syscall(t, nr::flistxattr, xattr_call<SYS_flistxattr, false, -1, kList>,
                 {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::removexattr, xattr_call<SYS_removexattr, true, 1>,
                 {A::kString, A::kString});
  define_syscall(t, nr::lremovexattr, xattr_call<SYS_lremovexattr, true, 1>,
                 {A::kString, A::kString});
  define_syscall(t, nr::fremovexattr, xattr_call<SYS_fremovexattr, false, 1>, {A::kFd, A::kString});
}

}  // namespace polyvm::linux_user
