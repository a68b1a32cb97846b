// -m parsing: digits, one optional binary suffix, then bounds a guest can live with.
#include "board/memory_size.h"

#include <cctype>
#include <charconv>

namespace polyvm::board {

namespace {

// The shift a suffix letter stands for; -1 when it is not one.
int suffix_shift(char c) {
  switch (std::toupper(static_cast<unsigned char>(c))) {
    case 'B':
      return 0;
    case 'K':
      return 10;
    case 'M':
      return 20;
    case 'G':
      return 30;
    case 'T':
      return 40;
    default:
      return -1;
  }
}

std::string human(u64 bytes) {
  if (bytes % kGiB == 0) return fmt::format("{} GiB", bytes / kGiB);
  return fmt::format("{} MiB", bytes / kMiB);
}

}  // namespace

Result<u64> parse_memory_size(std::string_view text) {
  const std::string_view original = text;
  if (text.starts_with("size=")) text.remove_prefix(5);
  u64 number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc::result_out_of_range) return fail("-m {}: the number is too large", original);
  if (ec != std::errc{} || end == text.data()) {
    return fail("-m {}: expected a size such as 128 (MiB), 256M or 1G", original);
  }
  const std::string_view suffix(end, text.data() + text.size() - end);
  int shift = 20;  // QEMU: a bare number is MiB
  if (!suffix.empty()) {
    shift = suffix.size() == 1 ? suffix_shift(suffix[0]) : -1;
    if (shift < 0) {
      return fail("-m {}: unknown size suffix '{}' (use B, K, M, G or T; none means MiB)", original,
                  suffix);
    }
  }
  if (shift > 0 && number > (~u64{0} >> shift)) {
    return fail("-m {}: the size is too large", original);
  }
  const u64 bytes = number << shift;
  if (bytes < kMinRamSize || bytes > kMaxRamSize) {
    return fail("-m {}: RAM must be between {} and {}", original, human(kMinRamSize),
                human(kMaxRamSize));
  }
  if (bytes % kRamGranule != 0) {
    return fail("-m {}: RAM must be a whole number of 4 KiB pages", original);
  }
  return bytes;
}

}  // namespace polyvm::board
