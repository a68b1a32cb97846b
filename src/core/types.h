// Fixed-width integer names and strong address types shared by every layer.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

namespace polyvm {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using s8 = std::int8_t;
using s16 = std::int16_t;
using s32 = std::int32_t;
using s64 = std::int64_t;
using u128 = unsigned __int128;
using s128 = __int128;

/// A guest virtual address; kept distinct from host pointers so the two never mix silently.
struct VAddr {
  u64 value = 0;
  constexpr auto operator<=>(const VAddr&) const = default;
};

/// A guest physical address (system mode).
struct PAddr {
  u64 value = 0;
  constexpr auto operator<=>(const PAddr&) const = default;
};

}  // namespace polyvm
