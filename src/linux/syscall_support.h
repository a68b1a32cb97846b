// What every syscalls_*.cpp needs: checked guest memory access, numbers, table rows, errno.
#pragma once

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>

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

/// Reads a NUL-terminated guest string of at most `max` bytes; nullopt when unreadable or longer
/// (the caller returns -EFAULT or -ENAMETOOLONG).
std::optional<std::string> read_guest_string(Thread& thread, u64 addr, size_t max = 4096);

}  // namespace polyvm::linux_user
