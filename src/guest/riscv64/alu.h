// Integer results the manual defines case by case: division corner cases (Unpriv 7.2) and the
// bit-manipulation operations of Zbb (bitmanip 1.0.0, 2.2).
#pragma once

#include <bit>
#include <limits>
#include <type_traits>

#include "core/types.h"

namespace polyvm::guest::riscv64::alu {

/// Sign-extends the low 32 bits, as every *W instruction does with its result.
constexpr u64 sext32(u64 value) {
  return static_cast<u64>(static_cast<s64>(static_cast<s32>(value)));
}

// Division by zero gives all ones (quotient) or the dividend (remainder); the signed overflow
// MIN / -1 gives MIN and remainder 0 (Unpriv 7.2, table 7.1).
template <typename S>
constexpr S div_signed(S a, S b) {
  if (b == 0) return -1;
  if (a == std::numeric_limits<S>::min() && b == -1) return a;
  return a / b;
}
template <typename U>
constexpr U div_unsigned(U a, U b) {
  return b == 0 ? ~U{0} : a / b;
}
template <typename S>
constexpr S rem_signed(S a, S b) {
  if (b == 0) return a;
  if (a == std::numeric_limits<S>::min() && b == -1) return 0;
  return a % b;
}
template <typename U>
constexpr U rem_unsigned(U a, U b) {
  return b == 0 ? a : a % b;
}

constexpr u64 mulh(u64 a, u64 b) {
  return static_cast<u64>((static_cast<s128>(static_cast<s64>(a)) * static_cast<s64>(b)) >> 64);
}
constexpr u64 mulhsu(u64 a, u64 b) {
  return static_cast<u64>((static_cast<s128>(static_cast<s64>(a)) * static_cast<s128>(b)) >> 64);
}
constexpr u64 mulhu(u64 a, u64 b) {
  return static_cast<u64>((static_cast<u128>(a) * b) >> 64);
}

/// orc.b: each byte becomes 0xff if any of its bits is set, else 0.
constexpr u64 orc_b(u64 v) {
  u64 r = 0;
  for (int i = 0; i < 64; i += 8) {
    if ((v >> i) & 0xff) r |= u64{0xff} << i;
  }
  return r;
}

constexpr u64 rol64(u64 v, u64 n) {
  return std::rotl(v, static_cast<int>(n & 63));
}
constexpr u64 ror64(u64 v, u64 n) {
  return std::rotr(v, static_cast<int>(n & 63));
}
constexpr u64 rol32(u64 v, u64 n) {
  return sext32(std::rotl(static_cast<u32>(v), static_cast<int>(n & 31)));
}
constexpr u64 ror32(u64 v, u64 n) {
  return sext32(std::rotr(static_cast<u32>(v), static_cast<int>(n & 31)));
}

}  // namespace polyvm::guest::riscv64::alu
