// Bit-level facts about binary32/binary64 and NaN-boxing (Unpriv 20191213, 11.2-11.3, 12.2).
#pragma once

#include "core/types.h"
#include "guest/riscv64/fpu.h"

namespace polyvm::guest::riscv64::fpu {

/// Encoding constants of one IEEE 754 binary format; values are held in the low bits of a u64.
template <Fmt F>
struct Format {
  static constexpr int kFracBits = F == Fmt::S ? 23 : 52;
  static constexpr int kExpBits = F == Fmt::S ? 8 : 11;
  static constexpr int kBias = (1 << (kExpBits - 1)) - 1;
  static constexpr int kEmin = 1 - kBias;  ///< unbiased exponent of the smallest normal
  static constexpr u64 kExpMax = (u64{1} << kExpBits) - 1;
  static constexpr u64 kFracMask = (u64{1} << kFracBits) - 1;
  static constexpr u64 kHidden = u64{1} << kFracBits;
  static constexpr u64 kSign = u64{1} << (kFracBits + kExpBits);
  static constexpr u64 kInf = kExpMax << kFracBits;
  static constexpr u64 kMaxFinite = kInf - 1;
  static constexpr u64 kQuiet = u64{1} << (kFracBits - 1);
  /// Unpriv 11.3: the canonical NaN has a positive sign and only the quiet bit set.
  static constexpr u64 kCanonicalNaN = kInf | kQuiet;
};

template <Fmt F>
constexpr bool is_nan(u64 x) {
  return (x & ~Format<F>::kSign) > Format<F>::kInf;
}
template <Fmt F>
constexpr bool is_snan(u64 x) {
  return is_nan<F>(x) && !(x & Format<F>::kQuiet);
}
template <Fmt F>
constexpr bool is_inf(u64 x) {
  return (x & ~Format<F>::kSign) == Format<F>::kInf;
}
template <Fmt F>
constexpr bool is_zero(u64 x) {
  return (x & ~Format<F>::kSign) == 0;
}
template <Fmt F>
constexpr bool sign_of(u64 x) {
  return (x & Format<F>::kSign) != 0;
}

inline constexpr u64 kBoxHigh = 0xffff'ffff'0000'0000;

/// The format's bits of an f-register operand (Unpriv 12.2: a single that is not NaN-boxed
/// reads as the canonical NaN).
template <Fmt F>
constexpr u64 unbox(u64 reg) {
  if constexpr (F == Fmt::S) {
    return (reg & kBoxHigh) == kBoxHigh ? reg & 0xffff'ffff : Format<Fmt::S>::kCanonicalNaN;
  } else {
    return reg;
  }
}

/// The f-register image of a result: singles are NaN-boxed.
template <Fmt F>
constexpr u64 box(u64 bits) {
  if constexpr (F == Fmt::S) {
    return bits | kBoxHigh;
  } else {
    return bits;
  }
}

}  // namespace polyvm::guest::riscv64::fpu
