// What every syscalls_*.cpp needs: checked guest memory access, numbers, table rows, errno.
#pragma once

#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "linux/syscall_table.h"
#include "linux/thread.h"

namespace polyvm::linux_user {

/// riscv64 syscall numbers by name: nr::openat == 56.
namespace nr {
enum : int {
#define SYSCALL(number, name) name = number,
#include "linux/syscall_numbers.inc"
#undef SYSCALL
};
}  // namespace nr

/// The syscall's name from the numbers table, or nullptr for a number riscv64 does not have.
const char* syscall_name(u64 number);

/// Fills the table row for `number` (its name comes from the numbers table).
void define_syscall(SyscallTable& table, int number, SyscallFn fn, std::initializer_list<Arg> args,
                    bool no_return = false);

/// A host call's result as the guest sees it: the value, or -errno.
inline s64 host_result(s64 r) {
  return r < 0 ? -errno : r;
}

/// The host address of guest [addr, addr+length) when the guest has all of it mapped with at
/// least `prot`; nullptr otherwise (the syscall then returns -EFAULT). Length 0 is always valid
/// inside the guest space.
u8* guest_ptr(Thread& thread, u64 addr, u64 length, int prot);

/// Copies a T from guest memory; false when not readable.
template <typename T>
bool read_guest(Thread& thread, u64 addr, T& out) {
  u8* p = guest_ptr(thread, addr, sizeof(T), PROT_READ);
  // SAFETY: p covers sizeof(T) readable guest bytes; memcpy has no alignment needs.
  if (p) std::memcpy(&out, p, sizeof(T));
  return p != nullptr;
}

/// Copies a T to guest memory; false when not writable.
template <typename T>
bool write_guest(Thread& thread, u64 addr, const T& value) {
  u8* p = guest_ptr(thread, addr, sizeof(T), PROT_WRITE);
  // SAFETY: p covers sizeof(T) writable guest bytes.
  if (p) std::memcpy(p, &value, sizeof(T));
  return p != nullptr;
}

/// The host address of a guest buffer handed to a host system call: only checked to lie inside
/// the guest space, because the host kernel itself returns EFAULT for the PROT_NONE pages the
/// guest has not mapped. Never for buffers polyvm reads or writes itself (use guest_ptr).
inline u8* guest_buffer(Thread& thread, u64 addr, u64 length) {
  mem::GuestSpace& space = thread.process.space();
  return space.contains(addr, length) ? space.host(addr) : nullptr;
}

/// Host iovecs for a guest iovec array (each buffer checked as guest_buffer); 0 or -errno.
s64 host_iovecs(Thread& thread, u64 addr, u64 count, std::vector<iovec>& out);

/// Reads a guest path and resolves it for the host (sysroot first for absolute paths, as
/// qemu -L does; /proc/self/exe is the guest program); 0 or -EFAULT / -ENAMETOOLONG.
s64 host_path(Thread& thread, u64 addr, std::string& out);

/// A pointer argument of a pass-through system call: arg `index` points at `size` bytes, or at
/// as many bytes as arg `length_arg` says (times `scale`).
struct PtrArg {
  u8 index = 0;
  u32 size = 0;
  s8 length_arg = -1;
  u32 scale = 1;
};

/// Translates the pointer arguments of a pass-through call in place; false: one is outside the
/// guest space (the call returns -EFAULT). A NULL pointer stays NULL.
bool translate_pointers(Thread& thread, SyscallArgs& args, std::initializer_list<PtrArg> ptrs);

/// A system call whose arguments mean the same on riscv64 and on the host: the host's number,
/// with the guest pointers among the arguments translated.
template <long kHostNumber, PtrArg... kPtrs>
s64 host_syscall(Thread& thread, const SyscallArgs& guest_args) {
  SyscallArgs a = guest_args;
  if (!translate_pointers(thread, a, {kPtrs...})) return -EFAULT;
  return host_result(::syscall(kHostNumber, a[0], a[1], a[2], a[3], a[4], a[5]));
}

/// Like host_syscall, and the arguments whose bit is set in kPathMask are guest paths, read and
/// resolved with host_path (a NULL path stays NULL).
template <long kHostNumber, u8 kPathMask, PtrArg... kPtrs>
s64 host_path_syscall(Thread& thread, const SyscallArgs& guest_args) {
  static_assert(__builtin_popcount(kPathMask) <= 2, "at most two path arguments");
  SyscallArgs a = guest_args;
  std::string paths[2];
  int used = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!(kPathMask & (1u << i)) || a[i] == 0) continue;
    std::string& path = paths[used++];
    if (s64 r = host_path(thread, a[i], path); r < 0) return r;
    a[i] = reinterpret_cast<u64>(path.c_str());
  }
  if (!translate_pointers(thread, a, {kPtrs...})) return -EFAULT;
  return host_result(::syscall(kHostNumber, a[0], a[1], a[2], a[3], a[4], a[5]));
}

// Parts of register_fs_syscalls, in their own files.
void register_path_syscalls(SyscallTable& table);   // syscalls_path.cpp
void register_poll_syscalls(SyscallTable& table);   // syscalls_poll.cpp: ioctl, poll, epoll
void register_xattr_syscalls(SyscallTable& table);  // syscalls_xattr.cpp

/// Reads a NUL-terminated guest string of at most `max` bytes; nullopt when unreadable or longer
/// (the caller returns -EFAULT or -ENAMETOOLONG).
std::optional<std::string> read_guest_string(Thread& thread, u64 addr, size_t max = 4096);

}  // namespace polyvm::linux_user
