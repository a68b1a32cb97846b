// Integer-only IEEE 754 arithmetic: RMM, which x86 lacks, and fused multiply-add on hosts
// without FMA. Any rounding mode; operands and results are unboxed format bits.
#pragma once

#include "core/types.h"
#include "guest/riscv64/fpu.h"

namespace polyvm::guest::riscv64::fpu::soft {

template <Fmt F>
u64 add(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F>
u64 mul(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F>
u64 div(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F>
u64 sqrt(u64 a, u32 rm, u32& flags);
/// a*b+c with one rounding; 0*inf sets NV even when c is a quiet NaN (Unpriv 11.6).
template <Fmt F>
u64 fma(u64 a, u64 b, u64 c, u32 rm, u32& flags);
/// The value (-1)^negative * magnitude rounded to F.
template <Fmt F>
u64 from_int(bool negative, u64 magnitude, u32 rm, u32& flags);
/// fcvt.s.d on binary64 bits.
u64 s_from_d(u64 a, u32 rm, u32& flags);

/// Destination of a float-to-integer conversion (Unpriv table 11.4).
struct IntRange {
  bool is_signed;
  int bits;  ///< 32 or 64
};
/// Rounds F bits to an integer, saturating with NV as table 11.4 says. Returns the integer's
/// two's complement in the low `bits` bits (32-bit results sign-extended to 64).
template <Fmt F>
u64 to_int(u64 a, IntRange range, u32 rm, u32& flags);

}  // namespace polyvm::guest::riscv64::fpu::soft
