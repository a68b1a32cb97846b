// `polyvm disasm`: the executable segments of a riscv64 ELF, one instruction a line.
#include <sys/mman.h>

#include <fstream>
#include <iterator>
#include <vector>

#include "guest/riscv64/disasm.h"
#include "linux/elf_loader.h"
#include "polyvm/run.h"

namespace polyvm {

namespace {

Result<std::vector<u8>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open {}", path);
  return std::vector<u8>(std::istreambuf_iterator<char>(in), {});
}

void disassemble_segment(std::span<const u8> code, u64 vaddr,
                         const guest::riscv64::IsaConfig& isa, std::string& out) {
  for (std::size_t at = 0; at + 2 <= code.size();) {
    u32 raw = code[at] | code[at + 1] << 8;
    std::size_t length = (raw & 3) == 3 ? 4 : 2;
    if (at + length > code.size()) break;
    if (length == 4) raw |= u32{code[at + 2]} << 16 | u32{code[at + 3]} << 24;
    u64 pc = vaddr + at;
    out += fmt::format("{:16x}:  {:0{}x}{:{}}  {}\n", pc, raw, length * 2, "", 10 - length * 2,
                       guest::riscv64::disassemble(raw, pc, isa));
    at += length;
  }
}

}  // namespace

Result<std::string> disassemble_elf(const std::string& path, const std::string& isa_text) {
  auto isa = guest::riscv64::IsaConfig::parse(isa_text);
  if (!isa) return std::unexpected(isa.error());
  auto opened = linux_user::open_elf(path);
  if (!opened) return std::unexpected(opened.error());
  auto bytes = read_file(path);
  if (!bytes) return std::unexpected(bytes.error());
  std::string out;
  for (const auto& segment : opened->image.segments) {
    if (!(segment.prot & PROT_EXEC)) continue;
    // parse_elf has checked that the segment's file range lies inside the file.
    auto code = std::span<const u8>(*bytes).subspan(segment.offset, segment.filesz);
    out += fmt::format("segment at {:#x}, {} bytes:\n", segment.vaddr, segment.filesz);
    disassemble_segment(code, segment.vaddr, *isa, out);
  }
  return out;
}

}  // namespace polyvm
