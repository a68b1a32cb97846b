// F/D semantics against values derived by hand from the IEEE 754 rules and the RISC-V manual
// (Unpriv 20191213, ch. 11-12): each rounding mode, each flag, NaN-boxing, table 11.4 limits.
#include "guest/riscv64/fpu.h"

#include <gtest/gtest.h>

#include "fpu_outcome.h"
#include "guest/riscv64/cpu_state.h"

namespace polyvm::guest::riscv64 {
namespace {

using fpu::Fmt;
using fpu_testing::Outcome;
using fpu_testing::run;
using fpu_testing::S;

constexpr u32 kOne = 0x3f80'0000;
constexpr u32 kOnePlusUlp = 0x3f80'0001;    // 1 + 2^-23
constexpr u32 kHalfUlpOfOne = 0x3380'0000;  // 2^-24
constexpr u32 kMaxS = 0x7f7f'ffff;
constexpr u32 kInfS = 0x7f80'0000;
constexpr u32 kQNaNS = 0x7fc0'0000;
constexpr u32 kSNaNS = 0x7f80'0001;
constexpr u64 kQNaND = 0x7ff8'0000'0000'0000;
constexpr u64 kSNaND = 0x7ff0'0000'0000'0001;
constexpr u64 kOneD = 0x3ff0'0000'0000'0000;
constexpr u64 kInfD = 0x7ff0'0000'0000'0000;
constexpr u64 kMaxD = 0x7fef'ffff'ffff'ffff;
constexpr u32 kSignS = 0x8000'0000;
constexpr u64 kSignD = 0x8000'0000'0000'0000;

Outcome add_s(u32 a, u32 b, u32 rm) {
  return run([&](u32& f) { return fpu::add<Fmt::S>(S(a), S(b), rm, f); });
}

TEST(Riscv64Fpu, AddRoundsATieInEachMode) {
  // 1 + 2^-24 lies halfway between 1 and 1 + 2^-23 (whose last bit is odd).
  EXPECT_EQ(add_s(kOne, kHalfUlpOfOne, fpu::kRNE), (Outcome{S(kOne), kNX}));
  EXPECT_EQ(add_s(kOne, kHalfUlpOfOne, fpu::kRTZ), (Outcome{S(kOne), kNX}));
  EXPECT_EQ(add_s(kOne, kHalfUlpOfOne, fpu::kRDN), (Outcome{S(kOne), kNX}));
  EXPECT_EQ(add_s(kOne, kHalfUlpOfOne, fpu::kRUP), (Outcome{S(kOnePlusUlp), kNX}));
  EXPECT_EQ(add_s(kOne, kHalfUlpOfOne, fpu::kRMM), (Outcome{S(kOnePlusUlp), kNX}));
  // The same tie below zero: RDN and RMM go away from zero, RUP towards it.
  const u32 minus_one = kOne | kSignS, minus_half_ulp = kHalfUlpOfOne | kSignS;
  EXPECT_EQ(add_s(minus_one, minus_half_ulp, fpu::kRNE), (Outcome{S(minus_one), kNX}));
  EXPECT_EQ(add_s(minus_one, minus_half_ulp, fpu::kRTZ), (Outcome{S(minus_one), kNX}));
  EXPECT_EQ(add_s(minus_one, minus_half_ulp, fpu::kRUP), (Outcome{S(minus_one), kNX}));
  EXPECT_EQ(add_s(minus_one, minus_half_ulp, fpu::kRDN), (Outcome{S(kOnePlusUlp | kSignS), kNX}));
  EXPECT_EQ(add_s(minus_one, minus_half_ulp, fpu::kRMM), (Outcome{S(kOnePlusUlp | kSignS), kNX}));
  // (1 + 2^-23) + 2^-24: a tie whose even neighbour is the upper one, so RNE rounds up too.
  EXPECT_EQ(add_s(kOnePlusUlp, kHalfUlpOfOne, fpu::kRNE), (Outcome{S(0x3f80'0002), kNX}));
  EXPECT_EQ(add_s(kOnePlusUlp, kHalfUlpOfOne, fpu::kRMM), (Outcome{S(0x3f80'0002), kNX}));
}

TEST(Riscv64Fpu, ExactResultsRaiseNoFlag) {
  EXPECT_EQ(add_s(kOne, kOne, fpu::kRMM), (Outcome{S(0x4000'0000), 0}));
  EXPECT_EQ(add_s(kOne, kOne, fpu::kRUP), (Outcome{S(0x4000'0000), 0}));
}

TEST(Riscv64Fpu, ExactCancellationIsPlusZeroExceptWhenRoundingDown) {
  for (u32 rm : {fpu::kRNE, fpu::kRTZ, fpu::kRUP, fpu::kRMM}) {
    EXPECT_EQ(add_s(kOne, kOne | kSignS, rm), (Outcome{S(0), 0})) << rm;
    EXPECT_EQ(add_s(0, kSignS, rm), (Outcome{S(0), 0})) << rm;
  }
  EXPECT_EQ(add_s(kOne, kOne | kSignS, fpu::kRDN), (Outcome{S(kSignS), 0}));
  EXPECT_EQ(add_s(0, kSignS, fpu::kRDN), (Outcome{S(kSignS), 0}));
  EXPECT_EQ(add_s(kSignS, kSignS, fpu::kRNE), (Outcome{S(kSignS), 0}));
}

TEST(Riscv64Fpu, OverflowGoesToInfinityOrTheLargestFiniteByMode) {
  EXPECT_EQ(add_s(kMaxS, kMaxS, fpu::kRNE), (Outcome{S(kInfS), kOF | kNX}));
  EXPECT_EQ(add_s(kMaxS, kMaxS, fpu::kRMM), (Outcome{S(kInfS), kOF | kNX}));
  EXPECT_EQ(add_s(kMaxS, kMaxS, fpu::kRTZ), (Outcome{S(kMaxS), kOF | kNX}));
  EXPECT_EQ(add_s(kMaxS, kMaxS, fpu::kRDN), (Outcome{S(kMaxS), kOF | kNX}));
  EXPECT_EQ(add_s(kMaxS, kMaxS, fpu::kRUP), (Outcome{S(kInfS), kOF | kNX}));
  const u32 neg = kMaxS | kSignS;
  EXPECT_EQ(add_s(neg, neg, fpu::kRUP), (Outcome{S(neg), kOF | kNX}));
  EXPECT_EQ(add_s(neg, neg, fpu::kRDN), (Outcome{S(kInfS | kSignS), kOF | kNX}));
  for (u32 rm = fpu::kRNE; rm <= fpu::kRMM; ++rm) {
    u32 f = 0;
    const u64 r = fpu::mul<Fmt::D>(kMaxD, 0x4000'0000'0000'0000, rm, f);  // max * 2
    const bool to_inf = rm == fpu::kRNE || rm == fpu::kRUP || rm == fpu::kRMM;
    EXPECT_EQ((Outcome{r, f}), (Outcome{to_inf ? kInfD : kMaxD, kOF | kNX})) << rm;
  }
}

TEST(Riscv64Fpu, InvalidOperationsGiveTheCanonicalNaN) {
  const u32 rm = fpu::kRNE;
  EXPECT_EQ(add_s(kInfS, kInfS | kSignS, rm), (Outcome{S(kQNaNS), kNV}));
  EXPECT_EQ(run([](u32& f) { return fpu::mul<Fmt::S>(S(0), S(kInfS), fpu::kRNE, f); }),
            (Outcome{S(kQNaNS), kNV}));
  EXPECT_EQ(run([](u32& f) { return fpu::div<Fmt::D>(0, 0, fpu::kRMM, f); }),
            (Outcome{kQNaND, kNV}));
  EXPECT_EQ(run([](u32& f) { return fpu::sqrt<Fmt::D>(kOneD | kSignD, fpu::kRNE, f); }),
            (Outcome{kQNaND, kNV}));
  EXPECT_EQ(run([](u32& f) { return fpu::sqrt<Fmt::S>(S(kInfS | kSignS), fpu::kRMM, f); }),
            (Outcome{S(kQNaNS), kNV}));
  // A signaling NaN operand signals; a quiet one does not. Payloads are not propagated.
  EXPECT_EQ(add_s(kSNaNS, kOne, rm), (Outcome{S(kQNaNS), kNV}));
  EXPECT_EQ(add_s(0xffc0'1234, kOne, rm), (Outcome{S(kQNaNS), 0}));
  EXPECT_EQ(run([](u32& f) { return fpu::sub<Fmt::D>(kOneD, kSNaND, fpu::kRMM, f); }),
            (Outcome{kQNaND, kNV}));
}

TEST(Riscv64Fpu, SqrtOfMinusZeroIsMinusZero) {
  EXPECT_EQ(run([](u32& f) { return fpu::sqrt<Fmt::D>(kSignD, fpu::kRNE, f); }),
            (Outcome{kSignD, 0}));
}

TEST(Riscv64Fpu, DivisionByZeroOnlyForFiniteNonzeroDividends) {
  EXPECT_EQ(run([](u32& f) { return fpu::div<Fmt::S>(S(kOne | kSignS), S(0), fpu::kRNE, f); }),
            (Outcome{S(kInfS | kSignS), kDZ}));
  EXPECT_EQ(run([](u32& f) { return fpu::div<Fmt::D>(kOneD, kSignD, fpu::kRMM, f); }),
            (Outcome{kInfD | kSignD, kDZ}));
  EXPECT_EQ(run([](u32& f) { return fpu::div<Fmt::D>(kInfD, 0, fpu::kRNE, f); }),
            (Outcome{kInfD, 0}));
}

TEST(Riscv64Fpu, UnderflowNeedsATinyAndInexactResult) {
  const u32 min_normal = 0x0080'0000, half = 0x3f00'0000, min_sub = 1;
  auto mul_s = [](u32 a, u32 b, u32 rm) {
    return run([&](u32& f) { return fpu::mul<Fmt::S>(S(a), S(b), rm, f); });
  };
  // 2^-126 / 2 = 2^-127 is a subnormal, but exact: no flag.
  EXPECT_EQ(mul_s(min_normal, half, fpu::kRNE), (Outcome{S(0x0040'0000), 0}));
  // 2^-150 is halfway between 0 and the smallest subnormal.
  EXPECT_EQ(mul_s(min_sub, half, fpu::kRNE), (Outcome{S(0), kUF | kNX}));
  EXPECT_EQ(mul_s(min_sub, half, fpu::kRMM), (Outcome{S(min_sub), kUF | kNX}));
  EXPECT_EQ(mul_s(min_sub, half, fpu::kRUP), (Outcome{S(min_sub), kUF | kNX}));
  EXPECT_EQ(mul_s(min_sub | kSignS, half, fpu::kRDN), (Outcome{S(min_sub | kSignS), kUF | kNX}));
}

TEST(Riscv64Fpu, TininessIsDetectedAfterRounding) {
  // 601*2^-70 * 55831*2^-81 = (2^25-1) * 2^-151 = 2^-126 * (1 - 2^-25). Rounded to 24 bits with
  // an unbounded exponent it is 2^-126 in RNE/RUP/RMM (not tiny: NX only), and 2^-126*(1-2^-24)
  // in RTZ/RDN (tiny: UF), whose subnormal rounding is the largest subnormal.
  const u32 a = 0x2116'4000, b = 0x1eda'1700;
  auto mul_s = [&](u32 rm) {
    return run([&](u32& f) { return fpu::mul<Fmt::S>(S(a), S(b), rm, f); });
  };
  EXPECT_EQ(mul_s(fpu::kRNE), (Outcome{S(0x0080'0000), kNX}));
  EXPECT_EQ(mul_s(fpu::kRUP), (Outcome{S(0x0080'0000), kNX}));
  EXPECT_EQ(mul_s(fpu::kRMM), (Outcome{S(0x0080'0000), kNX}));
  EXPECT_EQ(mul_s(fpu::kRTZ), (Outcome{S(0x007f'ffff), kUF | kNX}));
  EXPECT_EQ(mul_s(fpu::kRDN), (Outcome{S(0x007f'ffff), kUF | kNX}));
  // (1 - 2^-24) * 2^-126 is representable with an unbounded exponent, so it is tiny after
  // rounding, though its subnormal rounding (a tie) is 2^-126: UF, also with NX already accrued.
  for (const u32 accrued : {0u, u32{kNX}}) {
    u32 f = accrued;
    EXPECT_EQ(fpu::mul<Fmt::S>(S(0x3f7f'ffff), S(0x0080'0000), fpu::kRNE, f), S(0x0080'0000));
    EXPECT_EQ(f, kUF | kNX);
    f = accrued;
    const u64 below_one = 0x3fef'ffff'ffff'ffff, min_normal = 0x0010'0000'0000'0000;
    EXPECT_EQ(fpu::mul<Fmt::D>(below_one, min_normal, fpu::kRNE, f), min_normal);
    EXPECT_EQ(f, kUF | kNX);
  }
  // The binary64 twin: 22906579627*2^-538 * 786429*2^-538 = 2^-1022 * (1 - 2^-54).
  const u64 c = 0x2075'555a'aaac'0000, d = 0x1f87'fffa'0000'0000;
  for (u32 rm : {fpu::kRNE, fpu::kRMM}) {
    EXPECT_EQ(run([&](u32& f) { return fpu::mul<Fmt::D>(c, d, rm, f); }),
              (Outcome{0x0010'0000'0000'0000, kNX}));
  }
  EXPECT_EQ(run([&](u32& f) { return fpu::mul<Fmt::D>(c, d, fpu::kRTZ, f); }),
            (Outcome{0x000f'ffff'ffff'ffff, kUF | kNX}));
}

TEST(Riscv64Fpu, FusedMultiplyAddRoundsOnce) {
  // (1 + 2^-23)(1 - 2^-23) - 1 = -2^-46 exactly; two roundings would give 0.
  const u32 a = 0x3f80'0001, b = 0x3f7f'fffe;
  for (u32 rm = fpu::kRNE; rm <= fpu::kRMM; ++rm) {
    EXPECT_EQ(run([&](u32& f) { return fpu::msub<Fmt::S>(S(a), S(b), S(kOne), rm, f); }),
              (Outcome{S(0xa880'0000), 0}))
        << rm;
  }
  // 1*1 + 2^-24 ties: RMM goes away from zero, RNE to even.
  EXPECT_EQ(run([](u32& f) {
              return fpu::madd<Fmt::S>(S(kOne), S(kOne), S(kHalfUlpOfOne), fpu::kRMM, f);
            }),
            (Outcome{S(kOnePlusUlp), kNX}));
}

TEST(Riscv64Fpu, FusedZeroTimesInfinitySignalsEvenWithAQuietNaNAddend) {
  for (u32 rm : {fpu::kRNE, fpu::kRMM}) {
    EXPECT_EQ(run([&](u32& f) { return fpu::madd<Fmt::D>(0, kInfD, kQNaND, rm, f); }),
              (Outcome{kQNaND, kNV}));
    EXPECT_EQ(run([&](u32& f) { return fpu::nmsub<Fmt::S>(S(kInfS), S(0), S(kQNaNS), rm, f); }),
              (Outcome{S(kQNaNS), kNV}));
  }
  EXPECT_EQ(run([](u32& f) { return fpu::madd<Fmt::D>(kOneD, kOneD, kQNaND, fpu::kRNE, f); }),
            (Outcome{kQNaND, 0}));
}

TEST(Riscv64Fpu, FusedFormsNegateAsTheManualSays) {
  const u64 two = 0x4000'0000'0000'0000, three = 0x4008'0000'0000'0000;
  auto fused = [&](auto fn) { return run([&](u32& f) { return fn(two, three, kOneD, 0, f); }); };
  EXPECT_EQ(fused(fpu::madd<Fmt::D>), (Outcome{0x401c'0000'0000'0000, 0}));   // 7
  EXPECT_EQ(fused(fpu::msub<Fmt::D>), (Outcome{0x4014'0000'0000'0000, 0}));   // 5
  EXPECT_EQ(fused(fpu::nmsub<Fmt::D>), (Outcome{0xc014'0000'0000'0000, 0}));  // -5
  EXPECT_EQ(fused(fpu::nmadd<Fmt::D>), (Outcome{0xc01c'0000'0000'0000, 0}));  // -7
  // fnmadd(+0, 1, +0) = -(+0) - (+0): both addends are -0, so the sum is -0.
  EXPECT_EQ(run([](u32& f) { return fpu::nmadd<Fmt::D>(0, kOneD, 0, fpu::kRNE, f); }),
            (Outcome{kSignD, 0}));
}

TEST(Riscv64Fpu, ImproperlyBoxedSinglesReadAsTheCanonicalNaN) {
  const u64 unboxed = 0x0000'0000'3f80'0000;  // 1.0f without its box
  EXPECT_EQ(run([&](u32& f) { return fpu::add<Fmt::S>(unboxed, S(kOne), fpu::kRNE, f); }),
            (Outcome{S(kQNaNS), 0}));
  EXPECT_EQ(fpu::classify<Fmt::S>(unboxed), 1u << 9);
  EXPECT_EQ(fpu::classify<Fmt::S>(0xffff'fffe'3f80'0000), 1u << 9);
  // Sign injection reads the canonical NaN too, then changes its sign.
  EXPECT_EQ(fpu::sgnjn<Fmt::S>(unboxed, S(0)), S(kQNaNS | kSignS));
  EXPECT_EQ(run([&](u32& f) { return fpu::max<Fmt::S>(unboxed, S(kOne), f); }),
            (Outcome{S(kOne), 0}));
  EXPECT_EQ(run([&](u32& f) { return fpu::d_from_s(unboxed, f); }), (Outcome{kQNaND, 0}));
}

TEST(Riscv64Fpu, MovesCopyBitsWithoutBoxChecks) {
  EXPECT_EQ(fpu::move_x_from_s(0x0000'0000'8000'0001), 0xffff'ffff'8000'0001u);
  EXPECT_EQ(fpu::move_x_from_s(0x1234'5678'7f80'0001), 0x7f80'0001u);
  EXPECT_EQ(fpu::move_s_from_x(0x1234'5678'7f80'0001), S(kSNaNS));
}

TEST(Riscv64Fpu, SignInjection) {
  EXPECT_EQ(fpu::sgnj<Fmt::D>(kOneD, kSignD), kOneD | kSignD);
  EXPECT_EQ(fpu::sgnjn<Fmt::D>(kOneD, kSignD), kOneD);
  EXPECT_EQ(fpu::sgnjx<Fmt::D>(kOneD | kSignD, kSignD), kOneD);
  EXPECT_EQ(fpu::sgnjx<Fmt::S>(S(kOne), S(kSignS)), S(kOne | kSignS));
  EXPECT_EQ(fpu::sgnj<Fmt::S>(S(kSNaNS), S(kSignS)), S(kSNaNS | kSignS));  // no NaN handling
}

}  // namespace
}  // namespace polyvm::guest::riscv64
