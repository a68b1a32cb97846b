// Symbol lookup in an ELF64 file's symbol table, for the bare-metal machine's HTIF (tohost and
// fromhost are found by name, as Spike and QEMU -M spike do).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/error.h"
#include "core/types.h"

namespace polyvm::board::riscv64 {

/// The value of symbol `name` in the .symtab of ELF64 `file`; nullopt if there is no such
/// symbol (or no symbol table). Every offset is checked against the file, so a malformed file
/// is an error, never a crash.
Result<std::optional<u64>> find_elf_symbol(std::span<const u8> file, std::string_view name);

}  // namespace polyvm::board::riscv64
