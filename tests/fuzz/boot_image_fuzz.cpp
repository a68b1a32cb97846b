// libFuzzer target: the -kernel/-bios parsers (RISC-V Image header, ELF64 program headers) turn
// any bytes into a header/segment list or one error line, never a crash or an out-of-file range.
#include <cstddef>
#include <cstdint>
#include <span>

#include "board/riscv64/image_formats.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace polyvm::board::riscv64;
  const std::span<const std::uint8_t> file(data, size);
  if (auto header = parse_riscv_image_header(file); !header && header.error().message.empty()) {
    __builtin_trap();
  }
  auto elf = parse_riscv64_elf(file);
  if (elf) {
    for (const ElfSegment& s : elf->segments) {
      // The loader copies [offset, offset + file_size) from the file: it must be inside.
      if (s.file_size > s.mem_size || s.offset > size || size - s.offset < s.file_size) {
        __builtin_trap();
      }
      if (s.paddr + s.mem_size < s.paddr) __builtin_trap();
    }
  } else if (elf.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
