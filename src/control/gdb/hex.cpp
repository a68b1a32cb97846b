// See hex.h.
#include "control/gdb/hex.h"

#include <fmt/format.h>

namespace polyvm::control::gdb {

namespace {

int digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<u64> parse_hex(std::string_view text) {
  if (text.empty() || text.size() > 16) return std::nullopt;
  u64 value = 0;
  for (char c : text) {
    const int d = digit(c);
    if (d < 0) return std::nullopt;
    value = value << 4 | static_cast<u64>(d);
  }
  return value;
}

std::optional<s64> parse_thread_id(std::string_view text) {
  if (text == "-1") return -1;
  auto value = parse_hex(text);
  if (!value || *value > static_cast<u64>(INT64_MAX)) return std::nullopt;
  return static_cast<s64>(*value);
}

std::optional<std::vector<u8>> parse_hex_bytes(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::vector<u8> bytes;
  bytes.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = digit(text[i]);
    const int low = digit(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<u8>(high << 4 | low));
  }
  return bytes;
}

std::string to_hex(std::span<const u8> bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (u8 byte : bytes) fmt::format_to(std::back_inserter(text), "{:02x}", byte);
  return text;
}

std::string to_hex(std::string_view text) {
  return to_hex(std::span(reinterpret_cast<const u8*>(text.data()), text.size()));
}

std::optional<std::pair<std::string_view, std::string_view>> split_once(std::string_view text,
                                                                        char separator) {
  const size_t at = text.find(separator);
  if (at == std::string_view::npos) return std::nullopt;
  return std::pair{text.substr(0, at), text.substr(at + 1)};
}

}  // namespace polyvm::control::gdb
