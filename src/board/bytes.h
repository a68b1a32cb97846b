// Bounds-checked reads of fixed-size values from a file's bytes, for the image parsers.
#pragma once

#include <cstring>
#include <optional>
#include <span>

#include "core/types.h"

namespace polyvm::board {

/// A copy of the T at `offset` of `bytes` (host byte order: little-endian like the guests), or
/// nullopt if `bytes` does not hold all of it.
template <typename T>
std::optional<T> read_at(std::span<const u8> bytes, u64 offset) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return std::nullopt;
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

}  // namespace polyvm::board
