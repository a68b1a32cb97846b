// File descriptor system calls: open/close, read/write and friends, fcntl, pipes. Guest file
// descriptors are host file descriptors.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "linux/guest_paths.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

/// A /proc file's contents as the guest should see them, in a memory file.
s64 open_memory_file(const std::string& text, int flags) {
  int fd = ::memfd_create("polyvm-proc", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
  if (fd < 0) return -errno;
  if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) ||
      ::lseek(fd, 0, SEEK_SET) != 0) {
    int error = errno;
    ::close(fd);
    return -error;
  }
  return fd;
}

/// The guest's argv, NUL-terminated each, as /proc/self/cmdline has it.
std::string guest_cmdline(const Process& process) {
  std::string text;
  for (const std::string& arg : process.options().argv) text.append(arg).push_back('\0');
  return text;
}

s64 sys_openat(Thread& thread, const SyscallArgs& a) {
  auto guest = read_guest_string(thread, a[1]);
  if (!guest) return -EFAULT;
  int flags = static_cast<int>(a[2]);
  switch (proc_self_file(*guest)) {
    case ProcSelf::kMaps:
      return open_memory_file(thread.process.memory().render_proc_maps(), flags);
    case ProcSelf::kCmdline:
      return open_memory_file(guest_cmdline(thread.process), flags);
    case ProcSelf::kAuxv:
      return open_memory_file(thread.process.auxv_image, flags);
    case ProcSelf::kExe:
      return host_result(
          ::openat(AT_FDCWD, thread.process.exe_path.c_str(), flags, static_cast<mode_t>(a[3])));
    case ProcSelf::kNone:
      break;
  }
  std::string path = sysroot_path(thread.process.options().sysroot, *guest);
  return host_result(
      ::openat(static_cast<int>(a[0]), path.c_str(), flags, static_cast<mode_t>(a[3])));
}

s64 sys_close(Thread&, const SyscallArgs& a) {
  return host_result(::close(static_cast<int>(a[0])));
}

template <long kHostNumber>
s64 vector_io(Thread& thread, const SyscallArgs& a) {
  std::vector<iovec> iov;
  if (s64 r = host_iovecs(thread, a[1], a[2], iov); r < 0) return r;
  return host_result(::syscall(kHostNumber, a[0], iov.data(), iov.size(), a[3], a[4], a[5]));
}

s64 sys_pipe2(Thread& thread, const SyscallArgs& a) {
  int fds[2];
  if (!guest_ptr(thread, a[0], sizeof fds, PROT_WRITE)) return -EFAULT;
  if (::pipe2(fds, static_cast<int>(a[1])) != 0) return -errno;
  write_guest(thread, a[0], fds);
  return 0;
}

bool is_lock_command(int cmd) {
  switch (cmd) {
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
    case F_OFD_GETLK:
    case F_OFD_SETLK:
    case F_OFD_SETLKW:
      return true;
    default:
      return false;
  }
}

s64 sys_fcntl(Thread& thread, const SyscallArgs& a) {
  int cmd = static_cast<int>(a[1]);
  u64 arg = a[2];
  if (is_lock_command(cmd)) {
    // struct flock has the same LP64 layout on riscv64 and x86-64.
    u8* p = guest_buffer(thread, arg, sizeof(struct flock));
    if (!p) return -EFAULT;
    arg = reinterpret_cast<u64>(p);
  } else if (cmd == F_GETOWN_EX || cmd == F_SETOWN_EX) {
    u8* p = guest_buffer(thread, arg, sizeof(struct f_owner_ex));
    if (!p) return -EFAULT;
    arg = reinterpret_cast<u64>(p);
  }
  return host_result(::syscall(SYS_fcntl, a[0], cmd, arg));
}

s64 sys_memfd_create(Thread& thread, const SyscallArgs& a) {
  auto name = read_guest_string(thread, a[0], 250);
  if (!name) return -EFAULT;
  return host_result(::memfd_create(name->c_str(), static_cast<unsigned>(a[1])));
}

}  // namespace

void register_fs_syscalls(SyscallTable& t) {
  using A = Arg;
  define_syscall(t, nr::openat, sys_openat, {A::kFd, A::kString, A::kOpenFlags, A::kOctal});
  define_syscall(t, nr::close, sys_close, {A::kFd});
  define_syscall(t, nr::close_range, host_syscall<SYS_close_range>, {A::kFd, A::kFd, A::kHex});
  define_syscall(t, nr::read, host_syscall<SYS_read, PtrArg{1, 0, 2}>, {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::write, host_syscall<SYS_write, PtrArg{1, 0, 2}>,
                 {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::pread64, host_syscall<SYS_pread64, PtrArg{1, 0, 2}>,
                 {A::kFd, A::kPtr, A::kInt, A::kInt});
  define_syscall(t, nr::pwrite64, host_syscall<SYS_pwrite64, PtrArg{1, 0, 2}>,
                 {A::kFd, A::kPtr, A::kInt, A::kInt});
  define_syscall(t, nr::readv, vector_io<SYS_readv>, {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::writev, vector_io<SYS_writev>, {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::preadv, vector_io<SYS_preadv>, {A::kFd, A::kPtr, A::kInt, A::kInt});
  define_syscall(t, nr::pwritev, vector_io<SYS_pwritev>, {A::kFd, A::kPtr, A::kInt, A::kInt});
  define_syscall(t, nr::preadv2, vector_io<SYS_preadv2>,
                 {A::kFd, A::kPtr, A::kInt, A::kInt, A::kInt, A::kHex});
  define_syscall(t, nr::pwritev2, vector_io<SYS_pwritev2>,
                 {A::kFd, A::kPtr, A::kInt, A::kInt, A::kInt, A::kHex});
  define_syscall(t, nr::lseek, host_syscall<SYS_lseek>, {A::kFd, A::kInt, A::kInt});
  define_syscall(t, nr::getdents64, host_syscall<SYS_getdents64, PtrArg{1, 0, 2}>,
                 {A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::dup, host_syscall<SYS_dup>, {A::kFd});
  define_syscall(t, nr::dup3, host_syscall<SYS_dup3>, {A::kFd, A::kFd, A::kHex});
  define_syscall(t, nr::fcntl, sys_fcntl, {A::kFd, A::kInt, A::kHex});
  define_syscall(t, nr::flock, host_syscall<SYS_flock>, {A::kFd, A::kInt});
  define_syscall(t, nr::pipe2, sys_pipe2, {A::kPtr, A::kHex});
  define_syscall(t, nr::ftruncate, host_syscall<SYS_ftruncate>, {A::kFd, A::kInt});
  define_syscall(t, nr::fsync, host_syscall<SYS_fsync>, {A::kFd});
  define_syscall(t, nr::fdatasync, host_syscall<SYS_fdatasync>, {A::kFd});
  define_syscall(t, nr::sync, host_syscall<SYS_sync>, {});
  define_syscall(t, nr::syncfs, host_syscall<SYS_syncfs>, {A::kFd});
  define_syscall(t, nr::fallocate, host_syscall<SYS_fallocate>,
                 {A::kFd, A::kHex, A::kInt, A::kInt});
  define_syscall(t, nr::fadvise64, host_syscall<SYS_fadvise64>,
                 {A::kFd, A::kInt, A::kInt, A::kInt});
  define_syscall(t, nr::readahead, host_syscall<SYS_readahead>, {A::kFd, A::kInt, A::kInt});
  define_syscall(t, nr::sendfile, host_syscall<SYS_sendfile, PtrArg{2, 8}>,
                 {A::kFd, A::kFd, A::kPtr, A::kInt});
  define_syscall(t, nr::copy_file_range,
                 host_syscall<SYS_copy_file_range, PtrArg{1, 8}, PtrArg{3, 8}>,
                 {A::kFd, A::kPtr, A::kFd, A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::splice, host_syscall<SYS_splice, PtrArg{1, 8}, PtrArg{3, 8}>,
                 {A::kFd, A::kPtr, A::kFd, A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::tee, host_syscall<SYS_tee>, {A::kFd, A::kFd, A::kInt, A::kHex});
  define_syscall(t, nr::sync_file_range, host_syscall<SYS_sync_file_range>,
                 {A::kFd, A::kInt, A::kInt, A::kHex});
  define_syscall(t, nr::memfd_create, sys_memfd_create, {A::kString, A::kHex});
  register_path_syscalls(t);
  register_poll_syscalls(t);
  register_xattr_syscalls(t);
}

}  // namespace polyvm::linux_user
