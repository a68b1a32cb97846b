// Integer-only IEEE 754 arithmetic: exact intermediate results rounded once by round_pack, so
// every rounding mode (RMM included) and every flag follows from one routine.
#include "guest/riscv64/fpu_soft.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu_format.h"

namespace polyvm::guest::riscv64::fpu::soft {
namespace {

/// (-1)^sign * sig * 2^exp. A sig that is not exact carries a sticky 1 in its lowest bit, at
/// least two bits below the rounding position (so it never makes or hides a tie).
struct Exact {
  bool sign;
  int exp;
  u128 sig;
};

int bit_width(u128 v) {
  const u64 high = static_cast<u64>(v >> 64);
  return high ? 64 + std::bit_width(high) : std::bit_width(static_cast<u64>(v));
}

u128 shift_right_jam(u128 v, int shift) {
  if (shift >= 128) return v != 0;
  const u128 lost = v & ((u128{1} << shift) - 1);
  return (v >> shift) | (lost != 0);
}

struct Rounded {
  u128 kept;
  bool inexact;
};

/// sig * 2^-shift rounded to an integer as rm says (Unpriv table 11.1); sig < 2^126.
Rounded round_at(u128 sig, int shift, bool negative, u32 rm) {
  if (shift <= 0) return {sig << -shift, false};
  shift = std::min(shift, 127);  // beyond that every bit is below the half
  const u128 kept = sig >> shift;
  const u128 rem = sig & ((u128{1} << shift) - 1);
  const u128 half = u128{1} << (shift - 1);
  bool up = false;
  switch (rm) {
    case kRNE:
      up = rem > half || (rem == half && (kept & 1));
      break;
    case kRTZ:
      break;
    case kRDN:
      up = negative && rem != 0;
      break;
    case kRUP:
      up = !negative && rem != 0;
      break;
    default:
      up = rem >= half;
      break;  // kRMM
  }
  return {kept + up, rem != 0};
}

template <Fmt F>
u64 overflow(bool negative, u32 rm, u32& flags) {
  using Fm = Format<F>;
  flags |= kOF | kNX;
  const bool to_inf =
      rm == kRNE || rm == kRMM || (rm == kRDN && negative) || (rm == kRUP && !negative);
  return (negative ? Fm::kSign : 0) | (to_inf ? Fm::kInf : Fm::kMaxFinite);
}

/// Rounds a nonzero exact value to F. Tininess is detected after rounding (Unpriv 11.2): the
/// value is tiny if, rounded to F's precision with an unbounded exponent, it is below 2^emin.
template <Fmt F>
u64 round_pack(const Exact& v, u32 rm, u32& flags) {
  using Fm = Format<F>;
  const int e = v.exp + bit_width(v.sig) - 1;                            // v lies in [2^e, 2^(e+1))
  const int q = std::max(e - Fm::kFracBits, Fm::kEmin - Fm::kFracBits);  // result's quantum
  const Rounded r = round_at(v.sig, q - v.exp, v.sign, rm);
  if (r.inexact) {
    flags |= kNX;
    const auto carries_to_normal = [&] {
      const Rounded unbounded = round_at(v.sig, e - Fm::kFracBits - v.exp, v.sign, rm);
      return unbounded.kept >> (Fm::kFracBits + 1) != 0;
    };
    if (e < Fm::kEmin - 1 || (e == Fm::kEmin - 1 && !carries_to_normal())) flags |= kUF;
  }
  // The biased exponent minus one: adding kept (hidden bit included) completes the encoding,
  // and a rounding carry or a subnormal becoming normal moves the exponent by itself.
  const s64 field = s64{q} + Fm::kFracBits + Fm::kBias - 1;
  const u64 kept = static_cast<u64>(r.kept);
  if (field + static_cast<s64>(kept >> Fm::kFracBits) >= static_cast<s64>(Fm::kExpMax)) {
    return overflow<F>(v.sign, rm, flags);
  }
  return (v.sign ? Fm::kSign : 0) + (static_cast<u64>(field) << Fm::kFracBits) + kept;
}

/// A finite nonzero F value as an exact integer times a power of two.
template <Fmt F>
Exact unpack(u64 x) {
  using Fm = Format<F>;
  const int biased = static_cast<int>((x >> Fm::kFracBits) & Fm::kExpMax);
  const u64 frac = x & Fm::kFracMask;
  if (biased == 0) return {sign_of<F>(x), Fm::kEmin - Fm::kFracBits, frac};
  return {sign_of<F>(x), biased - Fm::kBias - Fm::kFracBits, frac | Fm::kHidden};
}

/// Moves v's leading one to bit `width` - 1 (exact).
Exact normalized(Exact v, int width) {
  const int shift = width - bit_width(v.sig);
  return {v.sign, v.exp - shift, v.sig << shift};
}

/// The signed zero of an exact cancellation (IEEE 754 6.3): +0, or -0 when rounding down.
template <Fmt F>
u64 cancellation_zero(u32 rm) {
  return rm == kRDN ? Format<F>::kSign : 0;
}

/// x + y for nonzero exact values with sigs of at most 106 bits, rounded once.
template <Fmt F>
u64 add_exact(Exact x, Exact y, u32 rm, u32& flags) {
  constexpr int kWidth = 110;  // both at 110 bits: an exact alignment of 14 still fits 124
  x = normalized(x, kWidth);
  y = normalized(y, kWidth);
  if (x.exp < y.exp) std::swap(x, y);
  const int distance = x.exp - y.exp;
  if (distance <= 14) {
    x.sig <<= distance;
    x.exp = y.exp;
  } else {
    // y stays below x's lowest bit, so a sticky bit keeps every rounding decision exact.
    y.sig = shift_right_jam(y.sig, distance);
  }
  Exact sum{x.sign, x.exp, 0};
  if (x.sign == y.sign) {
    sum.sig = x.sig + y.sig;
  } else if (x.sig >= y.sig) {
    sum.sig = x.sig - y.sig;
  } else {
    sum = {y.sign, x.exp, y.sig - x.sig};
  }
  if (sum.sig == 0) return cancellation_zero<F>(rm);
  return round_pack<F>(sum, rm, flags);
}

template <Fmt F>
u64 invalid(u32& flags) {
  flags |= kNV;
  return Format<F>::kCanonicalNaN;
}

/// The canonical NaN for NaN operands; NV if one of them is signaling.
template <Fmt F>
u64 propagate_nan(u64 a, u64 b, u32& flags) {
  if (is_snan<F>(a) || is_snan<F>(b)) flags |= kNV;
  return Format<F>::kCanonicalNaN;
}

u128 isqrt(u128 v) {
  u64 root = 0;
  for (int bit = 63; bit >= 0; --bit) {
    const u64 candidate = root | (u64{1} << bit);
    if (u128{candidate} * candidate <= v) root = candidate;
  }
  return root;
}

}  // namespace

template <Fmt F>
u64 add(u64 a, u64 b, u32 rm, u32& flags) {
  if (is_nan<F>(a) || is_nan<F>(b)) return propagate_nan<F>(a, b, flags);
  if (is_inf<F>(a)) return is_inf<F>(b) && sign_of<F>(a) != sign_of<F>(b) ? invalid<F>(flags) : a;
  if (is_inf<F>(b)) return b;
  if (is_zero<F>(a) && is_zero<F>(b)) return a == b ? a : cancellation_zero<F>(rm);
  if (is_zero<F>(a)) return b;
  if (is_zero<F>(b)) return a;
  return add_exact<F>(unpack<F>(a), unpack<F>(b), rm, flags);
}

template <Fmt F>
u64 mul(u64 a, u64 b, u32 rm, u32& flags) {
  using Fm = Format<F>;
  if (is_nan<F>(a) || is_nan<F>(b)) return propagate_nan<F>(a, b, flags);
  const u64 sign = (a ^ b) & Fm::kSign;
  if (is_inf<F>(a) || is_inf<F>(b)) {
    return is_zero<F>(a) || is_zero<F>(b) ? invalid<F>(flags) : sign | Fm::kInf;
  }
  if (is_zero<F>(a) || is_zero<F>(b)) return sign;
  const Exact x = unpack<F>(a), y = unpack<F>(b);
  return round_pack<F>({sign != 0, x.exp + y.exp, x.sig * y.sig}, rm, flags);
}

template <Fmt F>
u64 div(u64 a, u64 b, u32 rm, u32& flags) {
  using Fm = Format<F>;
  if (is_nan<F>(a) || is_nan<F>(b)) return propagate_nan<F>(a, b, flags);
  const u64 sign = (a ^ b) & Fm::kSign;
  if (is_inf<F>(a)) return is_inf<F>(b) ? invalid<F>(flags) : sign | Fm::kInf;
  if (is_inf<F>(b)) return sign;
  if (is_zero<F>(b)) {
    if (is_zero<F>(a)) return invalid<F>(flags);
    flags |= kDZ;
    return sign | Fm::kInf;
  }
  if (is_zero<F>(a)) return sign;
  // Both significands at 64 bits: the quotient has 64 or 65 bits, the remainder is sticky.
  const Exact x = normalized(unpack<F>(a), 64), y = normalized(unpack<F>(b), 64);
  const u128 dividend = x.sig << 64;
  const u128 quotient = dividend / y.sig;
  const bool sticky = quotient * y.sig != dividend;
  return round_pack<F>({sign != 0, x.exp - y.exp - 64, quotient | sticky}, rm, flags);
}

template <Fmt F>
u64 sqrt(u64 a, u32 rm, u32& flags) {
  if (is_nan<F>(a)) return propagate_nan<F>(a, a, flags);
  if (is_zero<F>(a)) return a;
  if (sign_of<F>(a)) return invalid<F>(flags);
  if (is_inf<F>(a)) return a;
  // A 64-bit significand shifted by 62 or 63 to make the exponent even: a root of 63-64 bits.
  Exact x = normalized(unpack<F>(a), 64);
  const int shift = (x.exp & 1) ? 63 : 62;
  x.sig <<= shift;
  x.exp -= shift;
  const u128 root = isqrt(x.sig);
  const bool sticky = root * root != x.sig;
  return round_pack<F>({false, x.exp / 2, root | sticky}, rm, flags);
}

template <Fmt F>
u64 fma(u64 a, u64 b, u64 c, u32 rm, u32& flags) {
  using Fm = Format<F>;
  const bool zero_times_inf = (is_zero<F>(a) && is_inf<F>(b)) || (is_inf<F>(a) && is_zero<F>(b));
  if (is_nan<F>(a) || is_nan<F>(b) || is_nan<F>(c)) {
    if (zero_times_inf || is_snan<F>(a) || is_snan<F>(b) || is_snan<F>(c)) flags |= kNV;
    return Fm::kCanonicalNaN;
  }
  if (zero_times_inf) return invalid<F>(flags);
  const u64 product_sign = (a ^ b) & Fm::kSign;
  if (is_inf<F>(a) || is_inf<F>(b)) {
    const bool opposite_inf = is_inf<F>(c) && (c & Fm::kSign) != product_sign;
    return opposite_inf ? invalid<F>(flags) : product_sign | Fm::kInf;
  }
  if (is_inf<F>(c)) return c;
  if (is_zero<F>(a) || is_zero<F>(b)) {
    if (!is_zero<F>(c)) return c;
    return (c & Fm::kSign) == product_sign ? c : cancellation_zero<F>(rm);
  }
  const Exact x = unpack<F>(a), y = unpack<F>(b);
  const Exact product{product_sign != 0, x.exp + y.exp, x.sig * y.sig};
  if (is_zero<F>(c)) return round_pack<F>(product, rm, flags);
  return add_exact<F>(product, unpack<F>(c), rm, flags);
}

template <Fmt F>
u64 from_int(bool negative, u64 magnitude, u32 rm, u32& flags) {
  if (magnitude == 0) return 0;
  return round_pack<F>({negative, 0, magnitude}, rm, flags);
}

u64 s_from_d(u64 a, u32 rm, u32& flags) {
  using S = Format<Fmt::S>;
  const u64 sign = sign_of<Fmt::D>(a) ? S::kSign : 0;
  if (is_nan<Fmt::D>(a)) {
    if (is_snan<Fmt::D>(a)) flags |= kNV;
    return S::kCanonicalNaN;
  }
  if (is_inf<Fmt::D>(a)) return sign | S::kInf;
  if (is_zero<Fmt::D>(a)) return sign;
  return round_pack<Fmt::S>(unpack<Fmt::D>(a), rm, flags);
}

template <Fmt F>
u64 to_int(u64 a, IntRange range, u32 rm, u32& flags) {
  const u64 max_positive =
      range.is_signed ? (u64{1} << (range.bits - 1)) - 1 : ~u64{0} >> (64 - range.bits);
  const u64 max_negative = range.is_signed ? u64{1} << (range.bits - 1) : 0;  // magnitude
  const auto finish = [&](bool negative, u64 magnitude) {
    const u64 value = negative ? ~magnitude + 1 : magnitude;
    return range.bits == 32 ? static_cast<u64>(s64{static_cast<s32>(value)}) : value;
  };
  const auto saturate = [&](bool negative) {
    flags |= kNV;
    return finish(negative, negative ? max_negative : max_positive);
  };
  if (is_nan<F>(a)) return saturate(false);
  if (is_inf<F>(a)) return saturate(sign_of<F>(a));
  if (is_zero<F>(a)) return 0;
  const Exact x = unpack<F>(a);
  if (x.exp > 64) return saturate(x.sign);
  const Rounded r = round_at(x.sig, -x.exp, x.sign, rm);
  if (r.kept > (x.sign ? max_negative : max_positive)) return saturate(x.sign);
  if (r.inexact) flags |= kNX;
  return finish(x.sign, static_cast<u64>(r.kept));
}

#define POLYVM_FPU_SOFT_INSTANTIATE(F)            \
  template u64 add<F>(u64, u64, u32, u32&);       \
  template u64 mul<F>(u64, u64, u32, u32&);       \
  template u64 div<F>(u64, u64, u32, u32&);       \
  template u64 sqrt<F>(u64, u32, u32&);           \
  template u64 fma<F>(u64, u64, u64, u32, u32&);  \
  template u64 from_int<F>(bool, u64, u32, u32&); \
  template u64 to_int<F>(u64, IntRange, u32, u32&);
POLYVM_FPU_SOFT_INSTANTIATE(Fmt::S)
POLYVM_FPU_SOFT_INSTANTIATE(Fmt::D)
#undef POLYVM_FPU_SOFT_INSTANTIATE

}  // namespace polyvm::guest::riscv64::fpu::soft
