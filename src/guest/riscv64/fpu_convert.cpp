// F/D conversion and move instructions (Unpriv 11.7, 12.5): integer conversions saturate as
// table 11.4 says (the host converts the common in-range cases), sign injection works on
// (unboxed) bits, moves copy bits unchanged.
#include <bit>

#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/fpu_format.h"
#include "guest/riscv64/fpu_host.h"
#include "guest/riscv64/fpu_soft.h"

namespace polyvm::guest::riscv64::fpu {

namespace {

/// The value of F bits as a double (binary32 widens exactly).
template <Fmt F>
double widened(u64 bits) {
  if constexpr (F == Fmt::S) {
    return std::bit_cast<float>(static_cast<u32>(bits));
  } else {
    return std::bit_cast<double>(bits);
  }
}

/// Values strictly inside (low, high) round into the destination's range in RNE and RTZ.
struct FastRange {
  soft::IntRange range;
  double low, high;
};
constexpr FastRange kW{{.is_signed = true, .bits = 32}, -0x1p31 + 1, 0x1p31 - 1};
constexpr FastRange kWU{{.is_signed = false, .bits = 32}, -0.5, 0x1p32 - 1};
constexpr FastRange kL{{.is_signed = true, .bits = 64}, -0x1p63, 0x1p63};
constexpr FastRange kLU{{.is_signed = false, .bits = 64}, -0.5, 0x1p63};

/// fcvt to an integer. RTZ (what C casts use) and RNE of values inside the range convert on the
/// host, inexact iff the integer differs from the value; limits, NaNs and the other modes take
/// the soft path, which saturates as table 11.4 says.
template <Fmt F>
u64 to_int(u64 a, const FastRange& fast, u32 rm, u32& flags) {
  const u64 x = unbox<F>(a);
  const double v = widened<F>(x);
  if ((rm == kRTZ || rm == kRNE) && v > fast.low && v < fast.high) [[likely]] {
    const s64 r = rm == kRTZ ? static_cast<s64>(v) : host::round_to_s64(v);
    if (static_cast<double>(r) != v) flags |= kNX;
    return fast.range.bits == 32 ? static_cast<u64>(s64{static_cast<s32>(r)}) : r;
  }
  return soft::to_int<F>(x, fast.range, rm, flags);
}

/// fcvt from an integer: magnitudes within the format's precision convert exactly in any mode.
template <Fmt F>
u64 from_int(bool negative, u64 magnitude, u32 rm, u32& flags) {
  if (magnitude <= u64{1} << (Format<F>::kFracBits + 1)) [[likely]] {
    const double v = static_cast<double>(magnitude);
    const double signed_v = negative ? -v : v;
    if constexpr (F == Fmt::S) {
      return box<F>(std::bit_cast<u32>(static_cast<float>(signed_v)));
    } else {
      return std::bit_cast<u64>(signed_v);
    }
  }
  return box<F>(soft::from_int<F>(negative, magnitude, rm, flags));
}

/// A signed integer value's magnitude, exact for the most negative one too.
u64 magnitude_of(s64 v) {
  return v < 0 ? ~static_cast<u64>(v) + 1 : static_cast<u64>(v);
}

}  // namespace

template <Fmt F>
u64 to_w(u64 a, u32 rm, u32& flags) {
  return to_int<F>(a, kW, rm, flags);
}

template <Fmt F>
u64 to_wu(u64 a, u32 rm, u32& flags) {
  return to_int<F>(a, kWU, rm, flags);
}

template <Fmt F>
u64 to_l(u64 a, u32 rm, u32& flags) {
  return to_int<F>(a, kL, rm, flags);
}

template <Fmt F>
u64 to_lu(u64 a, u32 rm, u32& flags) {
  return to_int<F>(a, kLU, rm, flags);
}

template <Fmt F>
u64 from_w(u64 x, u32 rm, u32& flags) {
  const s64 v = static_cast<s32>(x);
  return from_int<F>(v < 0, magnitude_of(v), rm, flags);
}

template <Fmt F>
u64 from_wu(u64 x, u32 rm, u32& flags) {
  return from_int<F>(false, static_cast<u32>(x), rm, flags);
}

template <Fmt F>
u64 from_l(u64 x, u32 rm, u32& flags) {
  const s64 v = static_cast<s64>(x);
  return from_int<F>(v < 0, magnitude_of(v), rm, flags);
}

template <Fmt F>
u64 from_lu(u64 x, u32 rm, u32& flags) {
  return from_int<F>(false, x, rm, flags);
}

u64 d_from_s(u64 a, u32& flags) {
  const u64 x = unbox<Fmt::S>(a);
  if (is_nan<Fmt::S>(x)) {
    if (is_snan<Fmt::S>(x)) flags |= kNV;
    return Format<Fmt::D>::kCanonicalNaN;
  }
  // Widening is exact (every binary32 value is a binary64 value), so no rounding mode applies.
  return std::bit_cast<u64>(static_cast<double>(std::bit_cast<float>(static_cast<u32>(x))));
}

// Sign injection (Unpriv 11.7): the result takes a's magnitude and a sign built from b's.
template <Fmt F>
u64 sgnj(u64 a, u64 b) {
  constexpr u64 kSign = Format<F>::kSign;
  return box<F>((unbox<F>(a) & ~kSign) | (unbox<F>(b) & kSign));
}

template <Fmt F>
u64 sgnjn(u64 a, u64 b) {
  constexpr u64 kSign = Format<F>::kSign;
  return box<F>((unbox<F>(a) & ~kSign) | (~unbox<F>(b) & kSign));
}

template <Fmt F>
u64 sgnjx(u64 a, u64 b) {
  constexpr u64 kSign = Format<F>::kSign;
  return box<F>(unbox<F>(a) ^ (unbox<F>(b) & kSign));
}

u64 move_x_from_s(u64 a) {
  return static_cast<u64>(s64{static_cast<s32>(a)});
}

u64 move_s_from_x(u64 x) {
  return box<Fmt::S>(x & 0xffff'ffff);
}

#define POLYVM_FPU_INSTANTIATE(F)          \
  template u64 to_w<F>(u64, u32, u32&);    \
  template u64 to_wu<F>(u64, u32, u32&);   \
  template u64 to_l<F>(u64, u32, u32&);    \
  template u64 to_lu<F>(u64, u32, u32&);   \
  template u64 from_w<F>(u64, u32, u32&);  \
  template u64 from_wu<F>(u64, u32, u32&); \
  template u64 from_l<F>(u64, u32, u32&);  \
  template u64 from_lu<F>(u64, u32, u32&); \
  template u64 sgnj<F>(u64, u64);          \
  template u64 sgnjn<F>(u64, u64);         \
  template u64 sgnjx<F>(u64, u64);
POLYVM_FPU_INSTANTIATE(Fmt::S)
POLYVM_FPU_INSTANTIATE(Fmt::D)
#undef POLYVM_FPU_INSTANTIATE

}  // namespace polyvm::guest::riscv64::fpu
