// Parsers for what -bios and -kernel may name: the RISC-V Linux Image header and ELF64 program
// headers. Pure functions over bytes, so the fuzzer and the tests need no files or RAM.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace polyvm::board::riscv64 {

/// The 64-byte header at the start of a RISC-V Linux Image (Linux
/// Documentation/riscv/boot-image-header.rst).
struct RiscvImageHeader {
  static constexpr std::size_t kSize = 64;
  u64 text_offset = 0;  ///< where above the start of RAM the kernel wants to be
  u64 image_size = 0;   ///< bytes the kernel occupies once running, bss included
  u64 flags = 0;        ///< bit 0: big-endian kernel
  u32 version = 0;
};

/// True when `file` starts with the gzip magic (1f 8b), as an Image.gz does.
bool is_gzip(std::span<const u8> file);

/// The Image header when `file` has the magic "RISCV\0\0\0" at 0x30 and "RSC\x05" at 0x38;
/// nullopt when it does not (then it is some other flat binary). An Image that is big-endian,
/// only a header, or shorter than its EFI stub's PE header and sections say (a truncated
/// download), is an error.
Result<std::optional<RiscvImageHeader>> parse_riscv_image_header(std::span<const u8> file);

/// One PT_LOAD segment: file bytes [offset, offset + file_size) go to physical address `paddr`,
/// followed by mem_size - file_size zero bytes.
struct ElfSegment {
  u64 paddr = 0;
  u64 offset = 0;
  u64 file_size = 0;
  u64 mem_size = 0;
};

/// What a loader needs of an ELF file.
struct ElfImage {
  u64 entry = 0;
  std::vector<ElfSegment> segments;  ///< PT_LOAD with mem_size > 0, in file order
};

/// True when `file` starts with the ELF magic.
bool is_elf(std::span<const u8> file);

/// Checks a riscv64 little-endian ELF executable and lists its PT_LOAD segments; every range is
/// checked against the file size and for overflow.
Result<ElfImage> parse_riscv64_elf(std::span<const u8> file);

}  // namespace polyvm::board::riscv64
