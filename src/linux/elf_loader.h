// ELF64 riscv64 executables: a pure parser (fuzzable) and the mapping of a parsed image.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"
#include "linux/memory_map.h"

namespace polyvm::linux_user {

/// One PT_LOAD program header.
struct ElfSegment {
  u64 vaddr = 0;
  u64 memsz = 0;
  u64 offset = 0;
  u64 filesz = 0;
  int prot = 0;  ///< PROT_* from p_flags
};

/// What loading needs from an executable, validated.
struct ElfImage {
  bool position_independent = false;  ///< ET_DYN (PIE or shared object)
  u64 entry = 0;                      ///< e_entry, unrelocated
  u64 phdr_vaddr = 0;                 ///< where the program headers are in memory, unrelocated
  u16 phnum = 0;
  std::vector<ElfSegment> segments;  ///< PT_LOAD, ascending vaddr, non-overlapping
  std::string interpreter;           ///< PT_INTERP, empty for static programs
  u64 min_vaddr = 0;                 ///< page-aligned start of the lowest segment
  u64 max_vaddr = 0;                 ///< end of the highest segment
  u64 max_align = kPageSize;         ///< largest PT_LOAD p_align (a PIE's base honours it)
};

/// Checks and decodes an ELF file's bytes. Every way the bytes can be wrong gives one clear line:
/// not an ELF, truncated, wrong class/endianness/machine, absurd program headers, addresses
/// beyond `address_limit`.
Result<ElfImage> parse_elf(std::span<const u8> bytes, u64 address_limit = kGuestSpaceSize);

/// Where a mapped image ended up.
struct LoadedElf {
  u64 base = 0;   ///< load bias added to every vaddr (0 for ET_EXEC)
  u64 entry = 0;  ///< relocated entry point
  u64 phdr = 0;   ///< relocated program headers (AT_PHDR)
  u16 phnum = 0;
  u64 end = 0;  ///< end of the highest segment (the heap starts above it)
};

/// The load bias the kernel gives a PIE main program (ELF_ET_DYN_BASE: 2/3 of the riscv64 Sv39
/// user range, page-aligned).
inline constexpr u64 kPieBase = 0x2aaaaaa000;

/// Maps a parsed image from the open file `fd`. A PIE main program goes at kPieBase; an
/// interpreter (`top_down`) goes wherever mmap places it, as the kernel does.
Result<LoadedElf> map_elf(MemoryMap& memory, const ElfImage& image, int fd, bool top_down);

/// A file opened and parsed: the descriptor stays open for map_elf and is closed by ~OpenedElf.
struct OpenedElf {
  OpenedElf() = default;
  OpenedElf(OpenedElf&& other) noexcept;
  OpenedElf& operator=(OpenedElf&&) = delete;
  ~OpenedElf();
  int fd = -1;
  ElfImage image;
};

/// Opens `path`, reads and parses it; errors name the path (a directory, unreadable, not ELF...).
Result<OpenedElf> open_elf(const std::string& path);

}  // namespace polyvm::linux_user
