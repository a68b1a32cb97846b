// libFuzzer target: parse_elf must turn any bytes into an image or one error line, never crash.
#include <cstddef>
#include <cstdint>
#include <span>

#include "linux/elf_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto image = polyvm::linux_user::parse_elf(std::span<const std::uint8_t>(data, size));
  if (image) {
    // A parsed image keeps its promises: ascending, non-overlapping segments inside the space.
    const auto& segs = image->segments;
    for (std::size_t i = 1; i < segs.size(); ++i) {
      if (segs[i].vaddr < segs[i - 1].vaddr + segs[i - 1].memsz) __builtin_trap();
    }
    for (const auto& s : segs) {
      if (s.filesz > s.memsz || s.vaddr + s.memsz > polyvm::linux_user::kGuestSpaceSize) {
        __builtin_trap();
      }
    }
  } else if (image.error().message.empty()) {
    __builtin_trap();
  }
  return 0;
}
