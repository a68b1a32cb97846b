// Path system calls: directories, links, permissions, times, and the stat family in the riscv64
// layout. Absolute paths resolve under the sysroot first (host_path).
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "linux/guest_paths.h"
#include "linux/guest_structs.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

constexpr u8 path_arg(int index) {
  return static_cast<u8>(1u << index);
}

s64 store_stat(Thread& thread, u64 addr, const struct stat& st) {
  return write_guest(thread, addr, to_guest_stat(st)) ? 0 : -EFAULT;
}

s64 sys_fstat(Thread& thread, const SyscallArgs& a) {
  struct stat st;
  if (::fstat(static_cast<int>(a[0]), &st) != 0) return -errno;
  return store_stat(thread, a[1], st);
}

s64 sys_newfstatat(Thread& thread, const SyscallArgs& a) {
  std::string path;
  if (s64 r = host_path(thread, a[1], path); r < 0) return r;
  struct stat st;
  if (::fstatat(static_cast<int>(a[0]), path.c_str(), &st, static_cast<int>(a[3])) != 0) {
    return -errno;
  }
  return store_stat(thread, a[2], st);
}

s64 sys_readlinkat(Thread& thread, const SyscallArgs& a) {
  auto guest = read_guest_string(thread, a[1]);
  if (!guest) return -EFAULT;
  u8* buf = guest_buffer(thread, a[2], a[3]);
  if (!buf) return -EFAULT;
  if (proc_self_file(*guest) == ProcSelf::kExe) {
    const std::string& exe = thread.process.exe_path;
    u64 n = std::min<u64>(exe.size(), a[3]);
    if (!guest_ptr(thread, a[2], n, PROT_WRITE)) return -EFAULT;
    std::copy_n(exe.data(), n, buf);
    return static_cast<s64>(n);
  }
  std::string path = sysroot_path(thread.process.options().sysroot, *guest);
  return host_result(
      ::readlinkat(static_cast<int>(a[0]), path.c_str(), reinterpret_cast<char*>(buf), a[3]));
}

/// The link's target is stored as written; only the new link's own path resolves.
s64 sys_symlinkat(Thread& thread, const SyscallArgs& a) {
  auto target = read_guest_string(thread, a[0]);
  if (!target) return -EFAULT;
  std::string path;
  if (s64 r = host_path(thread, a[2], path); r < 0) return r;
  return host_result(::symlinkat(target->c_str(), static_cast<int>(a[1]), path.c_str()));
}

}  // namespace

void register_path_syscalls(SyscallTable& t) {
  using A = Arg;
  constexpr u8 p0 = path_arg(0), p1 = path_arg(1), p3 = path_arg(3);
  define_syscall(t, nr::fstat, sys_fstat, {A::kFd, A::kPtr});
  define_syscall(t, nr::newfstatat, sys_newfstatat, {A::kFd, A::kString, A::kPtr, A::kHex});
  define_syscall(t, nr::statx, host_path_syscall<SYS_statx, p1, PtrArg{4, 256}>,
                 {A::kFd, A::kString, A::kHex, A::kHex, A::kPtr});
  define_syscall(t, nr::statfs, host_path_syscall<SYS_statfs, p0, PtrArg{1, sizeof(struct statfs)}>,
                 {A::kString, A::kPtr});
  define_syscall(t, nr::fstatfs, host_syscall<SYS_fstatfs, PtrArg{1, sizeof(struct statfs)}>,
                 {A::kFd, A::kPtr});
  define_syscall(t, nr::openat2, host_path_syscall<SYS_openat2, p1, PtrArg{2, 0, 3}>,
                 {A::kFd, A::kString, A::kPtr, A::kInt});
  define_syscall(t, nr::readlinkat, sys_readlinkat, {A::kFd, A::kString, A::kPtr, A::kInt});
  define_syscall(t, nr::mkdirat, host_path_syscall<SYS_mkdirat, p1>,
                 {A::kFd, A::kString, A::kOctal});
  define_syscall(t, nr::mknodat, host_path_syscall<SYS_mknodat, p1>,
                 {A::kFd, A::kString, A::kOctal, A::kHex});
  define_syscall(t, nr::unlinkat, host_path_syscall<SYS_unlinkat, p1>,
                 {A::kFd, A::kString, A::kHex});
  define_syscall(t, nr::renameat2, host_path_syscall<SYS_renameat2, p1 | p3>,
                 {A::kFd, A::kString, A::kFd, A::kString, A::kHex});
  define_syscall(t, nr::linkat, host_path_syscall<SYS_linkat, p1 | p3>,
                 {A::kFd, A::kString, A::kFd, A::kString, A::kHex});
  define_syscall(t, nr::symlinkat, sys_symlinkat, {A::kString, A::kFd, A::kString});
  define_syscall(t, nr::faccessat, host_path_syscall<SYS_faccessat, p1>,
                 {A::kFd, A::kString, A::kOctal});
  define_syscall(t, nr::faccessat2, host_path_syscall<SYS_faccessat2, p1>,
                 {A::kFd, A::kString, A::kOctal, A::kHex});
  define_syscall(t, nr::fchmod, host_syscall<SYS_fchmod>, {A::kFd, A::kOctal});
  define_syscall(t, nr::fchmodat, host_path_syscall<SYS_fchmodat, p1>,
                 {A::kFd, A::kString, A::kOctal});
  define_syscall(t, nr::fchown, host_syscall<SYS_fchown>, {A::kFd, A::kInt, A::kInt});
  define_syscall(t, nr::fchownat, host_path_syscall<SYS_fchownat, p1>,
                 {A::kFd, A::kString, A::kInt, A::kInt, A::kHex});
  define_syscall(t, nr::truncate, host_path_syscall<SYS_truncate, p0>, {A::kString, A::kInt});
  define_syscall(t, nr::utimensat, host_path_syscall<SYS_utimensat, p1, PtrArg{2, 32}>,
                 {A::kFd, A::kString, A::kPtr, A::kHex});
  define_syscall(t, nr::chdir, host_path_syscall<SYS_chdir, p0>, {A::kString});
  define_syscall(t, nr::chroot, host_path_syscall<SYS_chroot, p0>, {A::kString});
  define_syscall(t, nr::fchdir, host_syscall<SYS_fchdir>, {A::kFd});
  define_syscall(t, nr::getcwd, host_syscall<SYS_getcwd, PtrArg{0, 0, 1}>, {A::kPtr, A::kInt});
}

}  // namespace polyvm::linux_user
