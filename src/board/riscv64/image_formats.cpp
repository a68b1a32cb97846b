// The Image header (boot-image-header.rst), the PE section table of its EFI stub (PE/COFF spec,
// "Section Table") to spot truncated files, and ELF64 program headers (gABI, chapter 5).
#include "board/riscv64/image_formats.h"

#include "board/bytes.h"

#include <elf.h>

#include <algorithm>
#include <cstring>

namespace polyvm::board::riscv64 {

namespace {

using board::read_at;

// The end of the last PE section's raw data: how long the file must be. nullopt without a PE
// header (a kernel built without the EFI stub).
std::optional<u64> pe_file_end(std::span<const u8> file, u32 pe_offset) {
  constexpr u32 kPeMagic = 0x0000'4550;  // "PE\0\0"
  if (read_at<u32>(file, pe_offset) != kPeMagic) return std::nullopt;
  const auto sections = read_at<u16>(file, u64{pe_offset} + 6);
  const auto optional_size = read_at<u16>(file, u64{pe_offset} + 20);
  if (!sections || !optional_size) return std::nullopt;
  const u64 table = u64{pe_offset} + 24 + *optional_size;
  u64 end = 0;
  for (u64 i = 0; i < *sections; ++i) {
    const auto raw_size = read_at<u32>(file, table + i * 40 + 16);
    const auto raw_pointer = read_at<u32>(file, table + i * 40 + 20);
    if (!raw_size || !raw_pointer) return u64{~u64{0}};  // the table itself is cut off
    end = std::max(end, u64{*raw_size} + *raw_pointer);
  }
  return end;
}

}  // namespace

bool is_gzip(std::span<const u8> file) {
  return file.size() >= 2 && file[0] == 0x1f && file[1] == 0x8b;
}

Result<std::optional<RiscvImageHeader>> parse_riscv_image_header(std::span<const u8> file) {
  constexpr u64 kMagic = 0x0000'0056'4353'4952;  // "RISCV\0\0\0", little-endian
  constexpr u32 kMagic2 = 0x0543'5352;           // "RSC\x05"
  if (file.size() < RiscvImageHeader::kSize || read_at<u64>(file, 0x30) != kMagic) {
    return std::nullopt;
  }
  if (read_at<u32>(file, 0x38) != kMagic2) {
    return fail(
        "the Image header has the RISCV magic but not the RSC\\x05 one (header version "
        "too old or file damaged)");
  }
  RiscvImageHeader header;
  header.text_offset = *read_at<u64>(file, 0x08);
  header.image_size = *read_at<u64>(file, 0x10);
  header.flags = *read_at<u64>(file, 0x18);
  header.version = *read_at<u32>(file, 0x20);
  if (header.flags & 1)
    return fail("the Image is a big-endian kernel; RISC-V here is little-endian");
  if (file.size() == RiscvImageHeader::kSize) {
    return fail("the Image is truncated: the file holds only its 64-byte header");
  }
  // res3: where the EFI stub's PE header is (0 without the stub).
  const u32 pe_offset = *read_at<u32>(file, 0x3c);
  if (pe_offset != 0 && file.size() < u64{pe_offset} + 4) {
    return fail("the Image is truncated: its EFI header should be at {:#x}, the file has {} bytes",
                pe_offset, file.size());
  }
  if (const auto end = pe_file_end(file, pe_offset); end && *end > file.size()) {
    return fail("the Image is truncated: its EFI header says {} bytes, the file has {}", *end,
                file.size());
  }
  return header;
}

bool is_elf(std::span<const u8> file) {
  return file.size() >= SELFMAG && std::memcmp(file.data(), ELFMAG, SELFMAG) == 0;
}

Result<ElfImage> parse_riscv64_elf(std::span<const u8> file) {
  const auto header = read_at<Elf64_Ehdr>(file, 0);
  if (!header || !is_elf(file)) return fail("not an ELF file, or its header is cut off");
  if (header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_ident[EI_DATA] != ELFDATA2LSB) {
    return fail("not a 64-bit little-endian ELF file (an rv32 or big-endian build?)");
  }
  if (header->e_machine != EM_RISCV) {
    return fail("an ELF file for machine {}, not RISC-V ({})", header->e_machine, EM_RISCV);
  }
  if (header->e_type != ET_EXEC) return fail("not an ELF executable (e_type {})", header->e_type);
  if (header->e_phentsize != sizeof(Elf64_Phdr)) {
    return fail("ELF program header entries are {} bytes, expected {}", header->e_phentsize,
                sizeof(Elf64_Phdr));
  }
  ElfImage image{.entry = header->e_entry};
  for (u64 i = 0; i < header->e_phnum; ++i) {
    const auto ph = read_at<Elf64_Phdr>(file, header->e_phoff + i * sizeof(Elf64_Phdr));
    if (!ph || header->e_phoff > file.size()) {
      return fail("the ELF program headers run past the end of the file (truncated?)");
    }
    if (ph->p_type != PT_LOAD || ph->p_memsz == 0) continue;
    if (ph->p_filesz > ph->p_memsz) {
      return fail("ELF segment {} has more file bytes ({}) than memory bytes ({})", i, ph->p_filesz,
                  ph->p_memsz);
    }
    if (ph->p_offset > file.size() || file.size() - ph->p_offset < ph->p_filesz) {
      return fail("ELF segment {} runs past the end of the file (truncated?)", i);
    }
    if (ph->p_paddr + ph->p_memsz < ph->p_paddr) {
      return fail("ELF segment {} wraps around the address space", i);
    }
    image.segments.push_back({ph->p_paddr, ph->p_offset, ph->p_filesz, ph->p_memsz});
  }
  if (image.segments.empty()) return fail("the ELF file has no loadable segments");
  return image;
}

}  // namespace polyvm::board::riscv64
