// Walks the section headers to SHT_SYMTAB and its string table (System V gABI, ch. 4).
#include "board/riscv64/elf_symbols.h"

#include "board/bytes.h"

#include <elf.h>

#include <cstring>

namespace polyvm::board::riscv64 {

using board::read_at;

Result<std::optional<u64>> find_elf_symbol(std::span<const u8> file, std::string_view name) {
  const auto header = read_at<Elf64_Ehdr>(file, 0);
  if (!header || std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 ||
      header->e_ident[EI_CLASS] != ELFCLASS64) {
    return fail("not an ELF64 file");
  }
  if (header->e_shentsize != sizeof(Elf64_Shdr)) return std::optional<u64>();
  for (u64 i = 0; i < header->e_shnum; ++i) {
    const auto section = read_at<Elf64_Shdr>(file, header->e_shoff + i * sizeof(Elf64_Shdr));
    if (!section) return fail("section header {} lies outside the file", i);
    if (section->sh_type != SHT_SYMTAB) continue;
    const auto strings =
        read_at<Elf64_Shdr>(file, header->e_shoff + u64{section->sh_link} * sizeof(Elf64_Shdr));
    if (!strings || strings->sh_offset > file.size() ||
        file.size() - strings->sh_offset < strings->sh_size) {
      return fail("the symbol table's string table lies outside the file");
    }
    const std::string_view table(reinterpret_cast<const char*>(file.data() + strings->sh_offset),
                                 strings->sh_size);
    for (u64 at = 0; at + sizeof(Elf64_Sym) <= section->sh_size; at += sizeof(Elf64_Sym)) {
      const auto symbol = read_at<Elf64_Sym>(file, section->sh_offset + at);
      if (!symbol) return fail("the symbol table lies outside the file");
      if (symbol->st_name >= table.size()) continue;
      const std::string_view symbol_name = table.substr(symbol->st_name);
      if (symbol_name.substr(0, symbol_name.find('\0')) == name) return symbol->st_value;
    }
  }
  return std::optional<u64>();
}

}  // namespace polyvm::board::riscv64
