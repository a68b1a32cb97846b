// The process's initial stack as the Linux kernel builds it: argc, argv, envp, auxv, strings.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"
#include "linux/memory_map.h"

namespace polyvm::linux_user {

/// Auxiliary vector tags (include/uapi/linux/auxvec.h).
enum AuxTag : u64 {
  kAtNull = 0,
  kAtPhdr = 3,
  kAtPhent = 4,
  kAtPhnum = 5,
  kAtPagesz = 6,
  kAtBase = 7,
  kAtFlags = 8,
  kAtEntry = 9,
  kAtUid = 11,
  kAtEuid = 12,
  kAtGid = 13,
  kAtEgid = 14,
  kAtHwcap = 16,
  kAtClktck = 17,
  kAtSecure = 23,
  kAtRandom = 25,
  kAtExecfn = 31,
  kAtMinsigstksz = 51,
};

/// The stack size when RLIMIT_STACK is unlimited (and Linux's default soft limit).
inline constexpr u64 kDefaultStackSize = 8ull << 20;

/// What goes on the stack.
struct StackContents {
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  std::string execfn;           ///< AT_EXECFN: the program path as given
  u64 phdr = 0;                 ///< AT_PHDR of the main program
  u64 phnum = 0;                ///< AT_PHNUM
  u64 entry = 0;                ///< AT_ENTRY: the main program's entry (not the interpreter's)
  u64 interp_base = 0;          ///< AT_BASE: 0 for static programs
  u64 hwcap = 0;                ///< AT_HWCAP
  std::array<u8, 16> random{};  ///< AT_RANDOM bytes
};

/// Where the stack went.
struct InitialStack {
  u64 sp = 0;   ///< 16-byte aligned; points at argc
  u64 low = 0;  ///< lowest address of the stack mapping
  std::string auxv_image;  ///< the auxv as /proc/self/auxv shows it: (tag, value) u64 pairs
};

/// Maps [top - size, top) as "[stack]" and writes the contents there as the kernel does
/// (fs/binfmt_elf.c create_elf_tables): strings and AT_RANDOM bytes at the top, then argc, argv,
/// envp and auxv pointers from sp upwards.
Result<InitialStack> build_initial_stack(MemoryMap& memory, u64 top, u64 size,
                                         const StackContents& contents);

/// The stack size for RLIMIT_STACK's soft limit (kDefaultStackSize when unlimited).
u64 stack_size_from_rlimit();

}  // namespace polyvm::linux_user
