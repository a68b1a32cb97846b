// Memory system calls: the mmap family and brk through MemoryMap, and cache maintenance.
#include <sys/mman.h>
#include <sys/syscall.h>

#include "guest/riscv64/interpreter.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

MemoryMap& memory(Thread& thread) {
  return thread.process.memory();
}

s64 sys_mmap(Thread& thread, const SyscallArgs& a) {
  return memory(thread).mmap(a[0], a[1], static_cast<int>(a[2]), static_cast<int>(a[3]),
                             static_cast<int>(a[4]), a[5]);
}

s64 sys_munmap(Thread& thread, const SyscallArgs& a) {
  return memory(thread).munmap(a[0], a[1]);
}

s64 sys_mprotect(Thread& thread, const SyscallArgs& a) {
  return memory(thread).mprotect(a[0], a[1], static_cast<int>(a[2]));
}

s64 sys_mremap(Thread& thread, const SyscallArgs& a) {
  return memory(thread).mremap(a[0], a[1], a[2], static_cast<int>(a[3]), a[4]);
}

s64 sys_madvise(Thread& thread, const SyscallArgs& a) {
  return memory(thread).madvise(a[0], a[1], static_cast<int>(a[2]));
}

s64 sys_brk(Thread& thread, const SyscallArgs& a) {
  return static_cast<s64>(memory(thread).brk(a[0]));
}

s64 sys_msync(Thread& thread, const SyscallArgs& a) {
  u8* p = guest_buffer(thread, a[0], a[1]);
  if (!p) return -ENOMEM;
  // SAFETY: the range is inside the guest space; the host checks it is mapped.
  return host_result(::msync(p, a[1], static_cast<int>(a[2])));
}

/// Locking guest pages changes nothing polyvm can observe; succeed like an unprivileged kernel
/// with a generous RLIMIT_MEMLOCK.
s64 sys_nothing(Thread&, const SyscallArgs&) {
  return 0;
}

/// riscv_flush_icache(start, end, flags): the guest wrote code; drop what was decoded there.
s64 sys_riscv_flush_icache(Thread&, const SyscallArgs& a) {
  if (a[2] > 1) return -EINVAL;  // SYS_RISCV_FLUSH_ICACHE_LOCAL is the only flag
  if (a[1] > a[0]) guest::riscv64::Interpreter::invalidate_code(a[0], a[1] - a[0]);
  return 0;
}

}  // namespace

void register_memory_syscalls(SyscallTable& t) {
  using A = Arg;
  define_syscall(t, nr::mmap, sys_mmap,
                 {A::kPtr, A::kInt, A::kProt, A::kMmapFlags, A::kFd, A::kHex});
  define_syscall(t, nr::munmap, sys_munmap, {A::kPtr, A::kInt});
  define_syscall(t, nr::mprotect, sys_mprotect, {A::kPtr, A::kInt, A::kProt});
  define_syscall(t, nr::mremap, sys_mremap, {A::kPtr, A::kInt, A::kInt, A::kHex, A::kPtr});
  define_syscall(t, nr::madvise, sys_madvise, {A::kPtr, A::kInt, A::kInt});
  define_syscall(t, nr::brk, sys_brk, {A::kPtr});
  define_syscall(t, nr::msync, sys_msync, {A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::mlock, sys_nothing, {A::kPtr, A::kInt});
  define_syscall(t, nr::mlock2, sys_nothing, {A::kPtr, A::kInt, A::kHex});
  define_syscall(t, nr::munlock, sys_nothing, {A::kPtr, A::kInt});
  define_syscall(t, nr::mlockall, sys_nothing, {A::kHex});
  define_syscall(t, nr::munlockall, sys_nothing, {});
  define_syscall(t, nr::mincore, host_syscall<SYS_mincore, PtrArg{0, 0, 1}, PtrArg{2, 0, 1}>,
                 {A::kPtr, A::kInt, A::kPtr});
  define_syscall(t, nr::membarrier, host_syscall<SYS_membarrier>, {A::kInt, A::kHex, A::kInt});
  define_syscall(t, nr::riscv_flush_icache, sys_riscv_flush_icache, {A::kPtr, A::kPtr, A::kHex});
}

}  // namespace polyvm::linux_user
