// F/D arithmetic against the host C library's floating-point environment (<cfenv>): random and
// edge operands in RNE/RTZ/RDN/RUP, through the public entry points and the integer-only core.
// RMM, which the host lacks, is checked against the IEEE definition with exact wider arithmetic.
#include <gtest/gtest.h>

#include <bit>
#include <cfenv>
#include <cmath>
#include <random>
#include <sstream>
#include <string>

#include "fpu_outcome.h"
#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/fpu_format.h"
#include "guest/riscv64/fpu_soft.h"

namespace polyvm::guest::riscv64 {
namespace {

using fpu::Fmt;
using fpu::Format;
using fpu_testing::Outcome;

constexpr int kCases = 20000;
constexpr int kFeRound[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};

template <Fmt F>
using Host = std::conditional_t<F == Fmt::S, float, double>;

template <Fmt F>
Host<F> value(u64 bits) {
  if constexpr (F == Fmt::S) {
    return std::bit_cast<float>(static_cast<u32>(bits));
  } else {
    return std::bit_cast<double>(bits);
  }
}

template <Fmt F>
u64 bits(Host<F> v) {
  if constexpr (F == Fmt::S) {
    return std::bit_cast<u32>(v);
  } else {
    return std::bit_cast<u64>(v);
  }
}

/// Runs `op` under the C library's rounding mode for rm and reads the C exception flags.
template <Fmt F, typename Op>
Outcome host_reference(u32 rm, Op op) {
  std::fesetround(kFeRound[rm]);
  std::feclearexcept(FE_ALL_EXCEPT);
  volatile Host<F> result = op();
  const int raised = std::fetestexcept(FE_ALL_EXCEPT);
  std::fesetround(FE_TONEAREST);
  u32 flags = 0;
  if (raised & FE_INVALID) flags |= kNV;
  if (raised & FE_DIVBYZERO) flags |= kDZ;
  if (raised & FE_OVERFLOW) flags |= kOF;
  if (raised & FE_UNDERFLOW) flags |= kUF;
  if (raised & FE_INEXACT) flags |= kNX;
  const u64 r = bits<F>(result);
  return {fpu::is_nan<F>(r) ? Format<F>::kCanonicalNaN : r, flags};
}

/// Operands that reach every case: specials, subnormals, extreme and nearby exponents, short
/// significands (which make exact results and ties likely).
template <Fmt F>
u64 random_operand(std::mt19937_64& rng, u64 other) {
  using Fm = Format<F>;
  const u64 specials[] = {0,
                          Fm::kInf,
                          Fm::kCanonicalNaN,
                          Fm::kInf | 1,
                          1,
                          Fm::kFracMask,
                          Fm::kHidden,
                          Fm::kMaxFinite,
                          u64{Fm::kBias} << Fm::kFracBits};
  const u64 sign = rng() & 1 ? Fm::kSign : 0;
  u64 frac = rng() & Fm::kFracMask;
  frac &= ~u64{0} << (rng() % (Fm::kFracBits + 1));  // a random number of trailing zeros
  u64 exponent = rng() % (Fm::kExpMax);
  switch (rng() % 8) {
    case 0:
      return sign | specials[rng() % std::size(specials)];
    case 1:
      return sign | frac;  // subnormal or zero
    case 2:
      exponent = Fm::kBias - 3 + rng() % 6;
      break;
    case 3:
      exponent = rng() & 1 ? rng() % 4 : Fm::kExpMax - 1 - rng() % 4;
      break;
    case 4:
      return ((other ^ sign) + (rng() % 5) - 2) & (Fm::kSign | (Fm::kSign - 1));
    default:
      break;
  }
  return sign | (exponent << Fm::kFracBits) | frac;
}

template <Fmt F>
u64 boxed(u64 x) {
  return F == Fmt::S ? x | 0xffff'ffff'0000'0000 : x;
}

using Binary = u64 (*)(u64, u64, u32, u32&);

/// Checks an entry point from two guest states: nothing accrued yet, and NX accrued (the usual
/// state, where a plain result skips the MXCSR round trip).
template <typename Call>
void expect_api(Call call, Outcome want, const std::string& context, int& failures) {
  for (const u32 accrued : {0u, u32{kNX}}) {
    u32 flags = accrued;
    const u64 v = call(flags);
    const Outcome got{v, flags}, expected{want.value, want.flags | accrued};
    EXPECT_EQ(got, expected) << context << " accrued=" << accrued;
    failures += got != expected;
  }
}

std::string hex_context(std::initializer_list<u64> operands, u32 rm) {
  std::ostringstream out;
  out << std::hex;
  for (u64 x : operands) out << "0x" << x << " ";
  out << "rm=" << rm;
  return out.str();
}

template <Fmt F>
void check_binary(Binary api, Binary soft, Host<F> (*reference)(Host<F>, Host<F>)) {
  std::mt19937_64 rng(42);
  int failures = 0;
  for (int i = 0; i < kCases && failures < 10; ++i) {
    const u64 a = random_operand<F>(rng, 0);
    const u64 b = random_operand<F>(rng, a);
    for (u32 rm = fpu::kRNE; rm <= fpu::kRUP; ++rm) {
      const Outcome want = host_reference<F>(rm, [&] {
        volatile Host<F> x = value<F>(a), y = value<F>(b);  // read after fesetround
        return reference(x, y);
      });
      const std::string context = hex_context({a, b}, rm);
      expect_api([&](u32& f) { return api(boxed<F>(a), boxed<F>(b), rm, f); },
                 {boxed<F>(want.value), want.flags}, context, failures);
      u32 soft_flags = 0;
      const Outcome got_soft{soft(a, b, rm, soft_flags), soft_flags};
      EXPECT_EQ(got_soft, want) << "soft " << context;
      failures += got_soft != want;
    }
  }
}

template <Fmt F>
u64 soft_sub(u64 a, u64 b, u32 rm, u32& flags) {
  return fpu::soft::add<F>(a, b ^ Format<F>::kSign, rm, flags);
}

template <Fmt F>
u64 soft_sqrt(u64 a, u64, u32 rm, u32& flags) {
  return fpu::soft::sqrt<F>(a, rm, flags);
}

template <Fmt F>
u64 api_sqrt(u64 a, u64, u32 rm, u32& flags) {
  return fpu::sqrt<F>(a, rm, flags);
}

template <Fmt F>
void check_all_binary() {
  using T = Host<F>;
  check_binary<F>(fpu::add<F>, fpu::soft::add<F>, [](T x, T y) -> T { return x + y; });
  check_binary<F>(fpu::sub<F>, soft_sub<F>, [](T x, T y) -> T { return x - y; });
  check_binary<F>(fpu::mul<F>, fpu::soft::mul<F>, [](T x, T y) -> T { return x * y; });
  check_binary<F>(fpu::div<F>, fpu::soft::div<F>, [](T x, T y) -> T { return x / y; });
  check_binary<F>(api_sqrt<F>, soft_sqrt<F>, [](T x, T) -> T { return std::sqrt(x); });
}

TEST(Riscv64FpuOracle, SingleArithmeticMatchesTheHostInFourModes) {
  check_all_binary<Fmt::S>();
}
TEST(Riscv64FpuOracle, DoubleArithmeticMatchesTheHostInFourModes) {
  check_all_binary<Fmt::D>();
}

template <Fmt F>
void check_fma() {
  std::mt19937_64 rng(7);
  int failures = 0;
  for (int i = 0; i < kCases && failures < 10; ++i) {
    const u64 a = random_operand<F>(rng, 0), b = random_operand<F>(rng, a);
    // c near -a*b makes the cancellations that only a fused operation gets right.
    const u64 product = bits<F>(value<F>(a) * value<F>(b));
    const u64 c = random_operand<F>(rng, rng() & 1 ? product ^ Format<F>::kSign : a);
    for (u32 rm = fpu::kRNE; rm <= fpu::kRUP; ++rm) {
      Outcome want = host_reference<F>(rm, [&] {
        volatile Host<F> x = value<F>(a), y = value<F>(b), z = value<F>(c);
        return std::fma(x, y, z);
      });
      const bool zero_times_inf =
          (fpu::is_zero<F>(a) && fpu::is_inf<F>(b)) || (fpu::is_inf<F>(a) && fpu::is_zero<F>(b));
      if (zero_times_inf) want.flags |= kNV;  // Unpriv 11.6; IEEE leaves it to the implementation
      const std::string context = hex_context({a, b, c}, rm);
      expect_api([&](u32& f) { return fpu::madd<F>(boxed<F>(a), boxed<F>(b), boxed<F>(c), rm, f); },
                 {boxed<F>(want.value), want.flags}, context, failures);
      u32 soft_flags = 0;
      const Outcome got_soft{fpu::soft::fma<F>(a, b, c, rm, soft_flags), soft_flags};
      EXPECT_EQ(got_soft, want) << "soft " << context;
      failures += got_soft != want;
    }
  }
}

TEST(Riscv64FpuOracle, SingleFusedMultiplyAddMatchesTheHost) {
  check_fma<Fmt::S>();
}
TEST(Riscv64FpuOracle, DoubleFusedMultiplyAddMatchesTheHost) {
  check_fma<Fmt::D>();
}

TEST(Riscv64FpuOracle, NarrowingMatchesTheHost) {
  std::mt19937_64 rng(3);
  for (int i = 0; i < kCases; ++i) {
    u64 a = random_operand<Fmt::D>(rng, 0);
    if (rng() & 1) a = (a & ~(u64{0x7ff} << 52)) | ((u64{0x380} + rng() % 0x100) << 52);
    for (u32 rm = fpu::kRNE; rm <= fpu::kRUP; ++rm) {
      const Outcome want = host_reference<Fmt::S>(rm, [&] {
        volatile double x = value<Fmt::D>(a);
        return static_cast<float>(x);
      });
      int failures = 0;
      expect_api([&](u32& f) { return fpu::s_from_d(a, rm, f); },
                 {boxed<Fmt::S>(want.value), want.flags}, hex_context({a}, rm), failures);
      ASSERT_EQ(failures, 0);
    }
  }
}

template <Fmt F, typename Int>
void check_from_int(u64 (*api)(u64, u32, u32&)) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < kCases; ++i) {
    const u64 x = rng() >> (rng() % 64);  // every magnitude
    const u64 reg = rng() & 1 ? x : ~x;   // both signs; 32-bit sources read the low half
    for (u32 rm = fpu::kRNE; rm <= fpu::kRUP; ++rm) {
      const Outcome want = host_reference<F>(rm, [&] {
        volatile Int source = static_cast<Int>(reg);
        return static_cast<Host<F>>(source);
      });
      u32 flags = 0;
      const Outcome got{api(reg, rm, flags), flags};
      ASSERT_EQ(got, (Outcome{boxed<F>(want.value), want.flags}))
          << std::hex << "x=0x" << reg << " rm=" << rm;
    }
  }
}

TEST(Riscv64FpuOracle, IntegerToFloatMatchesTheHost) {
  check_from_int<Fmt::S, s32>(fpu::from_w<Fmt::S>);
  check_from_int<Fmt::S, u32>(fpu::from_wu<Fmt::S>);
  check_from_int<Fmt::S, s64>(fpu::from_l<Fmt::S>);
  check_from_int<Fmt::S, u64>(fpu::from_lu<Fmt::S>);
  check_from_int<Fmt::D, s32>(fpu::from_w<Fmt::D>);
  check_from_int<Fmt::D, u32>(fpu::from_wu<Fmt::D>);
  check_from_int<Fmt::D, s64>(fpu::from_l<Fmt::D>);
  check_from_int<Fmt::D, u64>(fpu::from_lu<Fmt::D>);
}

/// In-range float-to-integer conversions round like the host's nearbyint; NX iff inexact.
template <Fmt F>
void check_to_long() {
  std::mt19937_64 rng(11);
  for (int i = 0; i < kCases; ++i) {
    const u64 a = random_operand<F>(rng, 0);
    const Host<F> v = value<F>(a);
    if (!std::isfinite(v) || std::fabs(v) >= 0x1p62) continue;
    for (u32 rm = fpu::kRNE; rm <= fpu::kRUP; ++rm) {
      std::fesetround(kFeRound[rm]);
      const Host<F> rounded = std::nearbyint(v);
      std::fesetround(FE_TONEAREST);
      u32 flags = 0;
      const u64 got = fpu::to_l<F>(boxed<F>(a), rm, flags);
      ASSERT_EQ(got, static_cast<u64>(static_cast<s64>(rounded))) << std::hex << a << " " << rm;
      ASSERT_EQ(flags, rounded != v ? u32{kNX} : 0u) << std::hex << a << " " << rm;
    }
  }
}

TEST(Riscv64FpuOracle, FloatToLongRoundsLikeTheHost) {
  check_to_long<Fmt::S>();
  check_to_long<Fmt::D>();
}

// RMM (IEEE roundTiesToAway) is the nearest of the two directed results, and at an exact tie
// the one away from zero. The exact value and the midpoint are compared in a wider format
// where both are exact: binary64 for singles, binary128 for doubles.
template <Fmt F, typename Wide>
Outcome rmm_reference(u64 a, u64 b, char op, int& ties) {
  const auto directed = [&](u32 rm) {
    return host_reference<F>(rm, [&] {
      volatile Host<F> x = value<F>(a), y = value<F>(b);
      return op == '+' ? x + y : op == '*' ? x * y : x / y;
    });
  };
  const Outcome nearest = directed(fpu::kRNE), toward_zero = directed(fpu::kRTZ);
  const bool negative = fpu::sign_of<F>(nearest.value);
  const Outcome away = directed(negative ? fpu::kRDN : fpu::kRUP);
  if (!(nearest.flags & kNX) || fpu::is_nan<F>(nearest.value) || (nearest.flags & kOF)) {
    return nearest;
  }
  const Wide x = value<F>(a), y = value<F>(b);
  const Wide mid = (Wide{value<F>(toward_zero.value)} + Wide{value<F>(away.value)}) / 2;
  const bool tie = op == '+' ? x + y == mid : op == '*' ? x * y == mid : mid * y == x;
  // At a tie the result and the flags are those of rounding away from zero.
  ties += tie;
  return tie ? away : nearest;
}

template <Fmt F, typename Wide>
void check_rmm(char op, Binary api) {
  std::mt19937_64 rng(13);
  int ties = 0;
  for (int i = 0; i < kCases; ++i) {
    const u64 a = random_operand<F>(rng, 0), b = random_operand<F>(rng, a);
    if (op == '+') {
      using Fm = Format<F>;
      const auto exponent = [](u64 x) {
        return static_cast<int>((x >> Fm::kFracBits) & Fm::kExpMax);
      };
      // Keep the wide sum exact: binary64 holds 24+25 bits, binary128 53+59.
      if (std::abs(exponent(a) - exponent(b)) > (F == Fmt::S ? 25 : 59)) continue;
    }
    const Outcome want = rmm_reference<F, Wide>(a, b, op, ties);
    u32 flags = 0;
    const Outcome got{api(boxed<F>(a), boxed<F>(b), fpu::kRMM, flags), flags};
    ASSERT_EQ(got, (Outcome{boxed<F>(want.value), want.flags}))
        << std::hex << op << " a=0x" << a << " b=0x" << b;
  }
  EXPECT_GT(ties, 0) << op;  // the operands do reach ties
}

TEST(Riscv64FpuOracle, RoundToNearestMaxMagnitudeBreaksTiesAwayFromZero) {
  check_rmm<Fmt::S, double>('+', fpu::add<Fmt::S>);
  check_rmm<Fmt::S, double>('*', fpu::mul<Fmt::S>);
  check_rmm<Fmt::S, double>('/', fpu::div<Fmt::S>);
  check_rmm<Fmt::D, __float128>('+', fpu::add<Fmt::D>);
  check_rmm<Fmt::D, __float128>('*', fpu::mul<Fmt::D>);
  check_rmm<Fmt::D, __float128>('/', fpu::div<Fmt::D>);
}

}  // namespace
}  // namespace polyvm::guest::riscv64
