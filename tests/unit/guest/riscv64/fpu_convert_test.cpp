// F/D conversions, min/max, comparisons and fclass against the manual's tables (Unpriv
// 20191213: table 11.4 conversion limits, 11.6 minimumNumber/maximumNumber, 11.8, table 11.5).
#include <gtest/gtest.h>

#include "fpu_outcome.h"
#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu.h"

namespace polyvm::guest::riscv64 {
namespace {

using fpu::Fmt;
using fpu_testing::Outcome;
using fpu_testing::S;

constexpr u64 kQNaND = 0x7ff8'0000'0000'0000;
constexpr u64 kSNaND = 0x7ff0'0000'0000'0001;
constexpr u64 kInfD = 0x7ff0'0000'0000'0000;
constexpr u64 kSignD = 0x8000'0000'0000'0000;
constexpr u64 kOneD = 0x3ff0'0000'0000'0000;
constexpr u32 kQNaNS = 0x7fc0'0000;
constexpr u32 kSNaNS = 0x7fa0'0000;
constexpr u32 kInfS = 0x7f80'0000;

using Convert = u64 (*)(u64, u32, u32&);

Outcome convert(Convert fn, u64 a, u32 rm = fpu::kRNE) {
  u32 flags = 0;
  const u64 v = fn(a, rm, flags);
  return {v, flags};
}

constexpr u64 kMinusOne = ~u64{0};
constexpr u64 kIntMax = 0x7fff'ffff, kIntMin = 0xffff'ffff'8000'0000;  // sign-extended
constexpr u64 kLongMax = 0x7fff'ffff'ffff'ffff, kLongMin = u64{1} << 63;

TEST(Riscv64FpuConvert, Table11_4LimitsForDoubles) {
  const u64 big = 0x43e0'0000'0000'0000;  // 2^63
  struct Row {
    u64 input;
    u64 w, wu, l, lu;
  };
  const Row rows[] = {
      {kQNaND, kIntMax, kMinusOne, kLongMax, kMinusOne},  // NaN: the largest positive
      {kSNaND, kIntMax, kMinusOne, kLongMax, kMinusOne},  //
      {kInfD, kIntMax, kMinusOne, kLongMax, kMinusOne},   // +inf
      {big, kIntMax, kMinusOne, kLongMax, kLongMin},      // 2^63: only lu holds it
      {kInfD | kSignD, kIntMin, 0, kLongMin, 0},          // -inf
      {big | kSignD, kIntMin, 0, kLongMin, 0},            // -2^63: only l holds it
  };
  for (const Row& r : rows) {
    const bool lu_fits = r.input == big, l_fits = r.input == (big | kSignD);
    EXPECT_EQ(convert(fpu::to_w<Fmt::D>, r.input), (Outcome{r.w, kNV})) << std::hex << r.input;
    EXPECT_EQ(convert(fpu::to_wu<Fmt::D>, r.input), (Outcome{r.wu, kNV})) << std::hex << r.input;
    EXPECT_EQ(convert(fpu::to_l<Fmt::D>, r.input), (Outcome{r.l, l_fits ? 0u : kNV}))
        << std::hex << r.input;
    EXPECT_EQ(convert(fpu::to_lu<Fmt::D>, r.input), (Outcome{r.lu, lu_fits ? 0u : kNV}))
        << std::hex << r.input;
  }
}

TEST(Riscv64FpuConvert, RangeEdgesOfWordConversions) {
  const u64 int_max_d = 0x41df'ffff'ffc0'0000;   // 2^31 - 1
  const u64 two_31_d = 0x41e0'0000'0000'0000;    // 2^31
  const u64 uint_max_d = 0x41ef'ffff'ffe0'0000;  // 2^32 - 1
  EXPECT_EQ(convert(fpu::to_w<Fmt::D>, int_max_d), (Outcome{kIntMax, 0}));
  EXPECT_EQ(convert(fpu::to_w<Fmt::D>, two_31_d), (Outcome{kIntMax, kNV}));
  EXPECT_EQ(convert(fpu::to_w<Fmt::D>, two_31_d | kSignD), (Outcome{kIntMin, 0}));
  EXPECT_EQ(convert(fpu::to_w<Fmt::D>, 0xc1e0'0000'0020'0000), (Outcome{kIntMin, kNV}));  // -2^31-1
  // fcvt.wu's 32-bit result is sign-extended too (Unpriv 11.7).
  EXPECT_EQ(convert(fpu::to_wu<Fmt::D>, uint_max_d), (Outcome{kMinusOne, 0}));
  EXPECT_EQ(convert(fpu::to_wu<Fmt::D>, two_31_d), (Outcome{0xffff'ffff'8000'0000, 0}));
  // 2^31 - 0.5 rounds up to 2^31 in RNE (out of range) but not in RTZ.
  const u64 just_below = 0x41df'ffff'ffe0'0000;
  EXPECT_EQ(convert(fpu::to_w<Fmt::D>, just_below, fpu::kRNE), (Outcome{kIntMax, kNV}));
  EXPECT_EQ(convert(fpu::to_w<Fmt::D>, just_below, fpu::kRTZ), (Outcome{kIntMax, kNX}));
  EXPECT_EQ(convert(fpu::to_w<Fmt::S>, S(0x4f00'0000)), (Outcome{kIntMax, kNV}));   // 2^31
  EXPECT_EQ(convert(fpu::to_w<Fmt::S>, S(0xcf00'0000)), (Outcome{kIntMin, 0}));     // -2^31
  EXPECT_EQ(convert(fpu::to_l<Fmt::S>, S(0x5f00'0000)), (Outcome{kLongMax, kNV}));  // 2^63
  EXPECT_EQ(convert(fpu::to_lu<Fmt::S>, S(kQNaNS)), (Outcome{kMinusOne, kNV}));
  EXPECT_EQ(convert(fpu::to_wu<Fmt::S>, S(kInfS | 0x8000'0000)), (Outcome{0, kNV}));
}

TEST(Riscv64FpuConvert, NegativeValuesToUnsignedSaturateOnlyIfTheyRoundBelowZero) {
  const u64 minus_half = 0xbfe0'0000'0000'0000, minus_one = kOneD | kSignD;
  EXPECT_EQ(convert(fpu::to_wu<Fmt::D>, minus_half, fpu::kRNE), (Outcome{0, kNX}));
  EXPECT_EQ(convert(fpu::to_wu<Fmt::D>, minus_half, fpu::kRTZ), (Outcome{0, kNX}));
  EXPECT_EQ(convert(fpu::to_wu<Fmt::D>, minus_half, fpu::kRDN), (Outcome{0, kNV}));
  EXPECT_EQ(convert(fpu::to_lu<Fmt::D>, minus_half, fpu::kRMM), (Outcome{0, kNV}));
  EXPECT_EQ(convert(fpu::to_lu<Fmt::D>, minus_one), (Outcome{0, kNV}));
  EXPECT_EQ(convert(fpu::to_lu<Fmt::D>, kSignD), (Outcome{0, 0}));  // -0 is in range
}

TEST(Riscv64FpuConvert, HalvesRoundByMode) {
  const u64 two_and_half = 0x4004'0000'0000'0000, minus = two_and_half | kSignD;
  const u64 expected[5][2] = {
      {2, static_cast<u64>(-2)},  // RNE
      {2, static_cast<u64>(-2)},  // RTZ
      {2, static_cast<u64>(-3)},  // RDN
      {3, static_cast<u64>(-2)},  // RUP
      {3, static_cast<u64>(-3)},  // RMM
  };
  for (u32 rm = fpu::kRNE; rm <= fpu::kRMM; ++rm) {
    EXPECT_EQ(convert(fpu::to_l<Fmt::D>, two_and_half, rm), (Outcome{expected[rm][0], kNX})) << rm;
    EXPECT_EQ(convert(fpu::to_w<Fmt::D>, minus, rm), (Outcome{expected[rm][1], kNX})) << rm;
  }
  EXPECT_EQ(convert(fpu::to_w<Fmt::S>, S(0x4060'0000), fpu::kRNE), (Outcome{4, kNX}));  // 3.5
}

TEST(Riscv64FpuConvert, IntegersRoundToTheFormat) {
  const u64 two_53_plus_1 = (u64{1} << 53) + 1;  // a tie between 2^53 and 2^53 + 2
  EXPECT_EQ(convert(fpu::from_l<Fmt::D>, two_53_plus_1, fpu::kRNE),
            (Outcome{0x4340'0000'0000'0000, kNX}));
  EXPECT_EQ(convert(fpu::from_l<Fmt::D>, two_53_plus_1, fpu::kRMM),
            (Outcome{0x4340'0000'0000'0001, kNX}));
  EXPECT_EQ(convert(fpu::from_lu<Fmt::S>, kMinusOne, fpu::kRNE), (Outcome{S(0x5f80'0000), kNX}));
  EXPECT_EQ(convert(fpu::from_lu<Fmt::S>, kMinusOne, fpu::kRTZ), (Outcome{S(0x5f7f'ffff), kNX}));
  EXPECT_EQ(convert(fpu::from_l<Fmt::D>, kLongMin), (Outcome{0xc3e0'0000'0000'0000, 0}));
  // 32-bit sources read only the low word.
  EXPECT_EQ(convert(fpu::from_w<Fmt::D>, 0x1234'5678'ffff'ffff), (Outcome{kOneD | kSignD, 0}));
  EXPECT_EQ(convert(fpu::from_wu<Fmt::D>, 0xffff'ffff'0000'0001), (Outcome{kOneD, 0}));
  EXPECT_EQ(convert(fpu::from_w<Fmt::S>, 0), (Outcome{S(0), 0}));
}

TEST(Riscv64FpuConvert, NarrowingRoundsAndWideningIsExact) {
  const u64 one_plus_2_24 = 0x3ff0'0000'1000'0000;  // 1 + 2^-24: a tie in binary32
  u32 f = 0;
  EXPECT_EQ(fpu::s_from_d(one_plus_2_24, fpu::kRNE, f), S(0x3f80'0000));
  EXPECT_EQ(fpu::s_from_d(one_plus_2_24, fpu::kRMM, f), S(0x3f80'0001));
  EXPECT_EQ(f, u32{kNX});
  f = 0;
  EXPECT_EQ(fpu::s_from_d(0x7fef'ffff'ffff'ffff, fpu::kRTZ, f), S(0x7f7f'ffff));
  EXPECT_EQ(f, kOF | kNX);
  f = 0;
  EXPECT_EQ(fpu::s_from_d(kSNaND, fpu::kRNE, f), S(kQNaNS));
  EXPECT_EQ(f, u32{kNV});
  f = 0;
  EXPECT_EQ(fpu::d_from_s(S(0x0000'0001), f), 0x36a0'0000'0000'0000u);  // 2^-149, exact
  EXPECT_EQ(fpu::d_from_s(S(kSNaNS), f), kQNaND);
  EXPECT_EQ(f, u32{kNV});
}

Outcome min_d(u64 a, u64 b) {
  u32 f = 0;
  const u64 v = fpu::min<Fmt::D>(a, b, f);
  return {v, f};
}

Outcome max_s(u32 a, u32 b) {
  u32 f = 0;
  const u64 v = fpu::max<Fmt::S>(S(a), S(b), f);
  return {v, f};
}

TEST(Riscv64FpuCompare, MinMaxOrderSignedZerosAndSkipASingleNaN) {
  EXPECT_EQ(min_d(0, kSignD), (Outcome{kSignD, 0}));
  EXPECT_EQ(min_d(kSignD, 0), (Outcome{kSignD, 0}));
  EXPECT_EQ(max_s(0x8000'0000, 0), (Outcome{S(0), 0}));
  EXPECT_EQ(max_s(0, 0x8000'0000), (Outcome{S(0), 0}));
  EXPECT_EQ(min_d(kQNaND, kOneD), (Outcome{kOneD, 0}));
  EXPECT_EQ(min_d(kOneD, kSNaND), (Outcome{kOneD, kNV}));
  EXPECT_EQ(min_d(kSNaND, kQNaND), (Outcome{kQNaND, kNV}));
  EXPECT_EQ(max_s(0xffc0'0001, kQNaNS), (Outcome{S(kQNaNS), 0}));  // payload dropped
  EXPECT_EQ(max_s(0x3f80'0000, 0xbf80'0000), (Outcome{S(0x3f80'0000), 0}));
  EXPECT_EQ(min_d(kInfD | kSignD, kOneD), (Outcome{kInfD | kSignD, 0}));
}

TEST(Riscv64FpuCompare, EqIsQuietLtLeSignal) {
  u32 f = 0;
  EXPECT_EQ(fpu::eq<Fmt::D>(kQNaND, kQNaND, f), 0u);
  EXPECT_EQ(f, 0u);
  EXPECT_EQ(fpu::eq<Fmt::D>(kSNaND, kOneD, f), 0u);
  EXPECT_EQ(f, u32{kNV});
  f = 0;
  EXPECT_EQ(fpu::lt<Fmt::S>(S(kQNaNS), S(0), f), 0u);
  EXPECT_EQ(f, u32{kNV});
  f = 0;
  EXPECT_EQ(fpu::le<Fmt::D>(kOneD, kQNaND, f), 0u);
  EXPECT_EQ(f, u32{kNV});
  f = 0;
  EXPECT_EQ(fpu::eq<Fmt::D>(0, kSignD, f), 1u);
  EXPECT_EQ(fpu::lt<Fmt::D>(kSignD, 0, f), 0u);
  EXPECT_EQ(fpu::le<Fmt::D>(0, kSignD, f), 1u);
  EXPECT_EQ(fpu::lt<Fmt::S>(S(0xbf80'0000), S(0xbf00'0000), f), 1u);  // -1 < -0.5
  EXPECT_EQ(fpu::lt<Fmt::D>(kInfD | kSignD, kInfD, f), 1u);
  EXPECT_EQ(fpu::le<Fmt::S>(S(0x3f80'0001), S(0x3f80'0000), f), 0u);
  EXPECT_EQ(f, 0u);
}

TEST(Riscv64FpuCompare, ClassifyEachClass) {
  // Unpriv table 11.5, in bit order.
  const u64 doubles[10] = {kInfD | kSignD, kOneD | kSignD, kSignD | 1, kSignD, 0, 1,
                           kOneD,          kInfD,          kSNaND,     kQNaND};
  const u32 singles[10] = {0xff80'0000, 0xbf80'0000, 0x807f'ffff, 0x8000'0000, 0,
                           0x007f'ffff, 0x0080'0000, kInfS,       kSNaNS,      0xffc0'0000};
  for (int bit = 0; bit < 10; ++bit) {
    EXPECT_EQ(fpu::classify<Fmt::D>(doubles[bit]), u64{1} << bit) << bit;
    EXPECT_EQ(fpu::classify<Fmt::S>(S(singles[bit])), u64{1} << bit) << bit;
  }
}

}  // namespace
}  // namespace polyvm::guest::riscv64
