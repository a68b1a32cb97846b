// F/D min/max, comparisons and classification (Unpriv 11.6, 11.8, 11.9): bit-level rules, no
// rounding, so no host FPU state is involved.
#include <bit>

#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/fpu_format.h"

namespace polyvm::guest::riscv64::fpu {
namespace {

/// a < b for non-NaN values, with -0 < +0 when `zero_signs_order` (fmin/fmax only).
template <Fmt F>
bool less(u64 a, u64 b, bool zero_signs_order) {
  using Fm = Format<F>;
  const bool sa = sign_of<F>(a), sb = sign_of<F>(b);
  if (is_zero<F>(a) && is_zero<F>(b)) return zero_signs_order && sa && !sb;
  if (sa != sb) return sa;
  const u64 ma = a & ~Fm::kSign, mb = b & ~Fm::kSign;  // magnitudes order like their bits
  return sa ? ma > mb : ma < mb;
}

/// IEEE 754-2019 minimumNumber/maximumNumber (Unpriv 11.6): one NaN operand yields the other.
template <Fmt F>
u64 min_max(u64 a, u64 b, bool want_max, u32& flags) {
  const u64 x = unbox<F>(a), y = unbox<F>(b);
  if (is_snan<F>(x) || is_snan<F>(y)) flags |= kNV;
  if (is_nan<F>(x)) return box<F>(is_nan<F>(y) ? Format<F>::kCanonicalNaN : y);
  if (is_nan<F>(y)) return box<F>(x);
  return box<F>(less<F>(x, y, true) != want_max ? x : y);
}

/// flt/fle (Unpriv 11.8): signaling, so any NaN operand sets NV.
template <Fmt F>
u64 ordered(u64 a, u64 b, bool or_equal, u32& flags) {
  const u64 x = unbox<F>(a), y = unbox<F>(b);
  if (is_nan<F>(x) || is_nan<F>(y)) {
    flags |= kNV;
    return 0;
  }
  return or_equal ? !less<F>(y, x, false) : less<F>(x, y, false);
}

}  // namespace

template <Fmt F>
u64 min(u64 a, u64 b, u32& flags) {
  return min_max<F>(a, b, false, flags);
}

template <Fmt F>
u64 max(u64 a, u64 b, u32& flags) {
  return min_max<F>(a, b, true, flags);
}

// Unpriv 11.8: feq is quiet, NV only for signaling NaNs.
template <Fmt F>
u64 eq(u64 a, u64 b, u32& flags) {
  const u64 x = unbox<F>(a), y = unbox<F>(b);
  if (is_nan<F>(x) || is_nan<F>(y)) {
    if (is_snan<F>(x) || is_snan<F>(y)) flags |= kNV;
    return 0;
  }
  return x == y || (is_zero<F>(x) && is_zero<F>(y));
}

template <Fmt F>
u64 lt(u64 a, u64 b, u32& flags) {
  return ordered<F>(a, b, false, flags);
}

template <Fmt F>
u64 le(u64 a, u64 b, u32& flags) {
  return ordered<F>(a, b, true, flags);
}

/// Unpriv table 11.5: bit 0 -inf, 1 negative normal, 2 negative subnormal, 3 -0, 4 +0,
/// 5 positive subnormal, 6 positive normal, 7 +inf, 8 signaling NaN, 9 quiet NaN.
template <Fmt F>
u64 classify(u64 a) {
  using Fm = Format<F>;
  const u64 x = unbox<F>(a);
  if (is_nan<F>(x)) return is_snan<F>(x) ? 1u << 8 : 1u << 9;
  const bool negative = sign_of<F>(x);
  const u64 exponent = (x >> Fm::kFracBits) & Fm::kExpMax;
  int positive_bit;  // the bit for the positive class; negatives mirror it as 7 - bit
  if (is_inf<F>(x)) {
    positive_bit = 7;
  } else if (exponent != 0) {
    positive_bit = 6;
  } else {
    positive_bit = is_zero<F>(x) ? 4 : 5;
  }
  return u64{1} << (negative ? 7 - positive_bit : positive_bit);
}

#define POLYVM_FPU_INSTANTIATE(F)      \
  template u64 min<F>(u64, u64, u32&); \
  template u64 max<F>(u64, u64, u32&); \
  template u64 eq<F>(u64, u64, u32&);  \
  template u64 lt<F>(u64, u64, u32&);  \
  template u64 le<F>(u64, u64, u32&);  \
  template u64 classify<F>(u64);
POLYVM_FPU_INSTANTIATE(Fmt::S)
POLYVM_FPU_INSTANTIATE(Fmt::D)
#undef POLYVM_FPU_INSTANTIATE

}  // namespace polyvm::guest::riscv64::fpu
