// F and D semantics exact to the manual (Unpriv 20191213, ch. 11-12): rounding, fflags, NaNs.
#pragma once

#include "core/types.h"

namespace polyvm::guest::riscv64::fpu {

/// Rounding modes after resolving DYN (Unpriv, table 11.1).
enum Rounding : u32 { kRNE = 0, kRTZ = 1, kRDN = 2, kRUP = 3, kRMM = 4 };
enum class Fmt { S, D };

// Register operands and results are 64-bit f-register images: S values are NaN-boxed (an input
// that is not properly boxed reads as the canonical NaN; results are boxed). `flags` accrues
// fflags bits (FFlag). Results that are NaN are the canonical NaN.
template <Fmt F> u64 add(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F> u64 sub(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F> u64 mul(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F> u64 div(u64 a, u64 b, u32 rm, u32& flags);
template <Fmt F> u64 sqrt(u64 a, u32 rm, u32& flags);
template <Fmt F> u64 min(u64 a, u64 b, u32& flags);
template <Fmt F> u64 max(u64 a, u64 b, u32& flags);
template <Fmt F> u64 madd(u64 a, u64 b, u64 c, u32 rm, u32& flags);   ///< a*b+c, one rounding
template <Fmt F> u64 msub(u64 a, u64 b, u64 c, u32 rm, u32& flags);   ///< a*b-c
template <Fmt F> u64 nmsub(u64 a, u64 b, u64 c, u32 rm, u32& flags);  ///< -(a*b)+c
template <Fmt F> u64 nmadd(u64 a, u64 b, u64 c, u32 rm, u32& flags);  ///< -(a*b)-c
template <Fmt F> u64 sgnj(u64 a, u64 b);
template <Fmt F> u64 sgnjn(u64 a, u64 b);
template <Fmt F> u64 sgnjx(u64 a, u64 b);
template <Fmt F> u64 eq(u64 a, u64 b, u32& flags);  ///< 0 or 1 (quiet comparison)
template <Fmt F> u64 lt(u64 a, u64 b, u32& flags);  ///< signaling comparison
template <Fmt F> u64 le(u64 a, u64 b, u32& flags);
template <Fmt F> u64 classify(u64 a);  ///< fclass bit mask
// Conversions to integers saturate as the manual's table 11.4 says and return the x-register
// value (32-bit results sign-extended).
template <Fmt F> u64 to_w(u64 a, u32 rm, u32& flags);
template <Fmt F> u64 to_wu(u64 a, u32 rm, u32& flags);
template <Fmt F> u64 to_l(u64 a, u32 rm, u32& flags);
template <Fmt F> u64 to_lu(u64 a, u32 rm, u32& flags);
template <Fmt F> u64 from_w(u64 x, u32 rm, u32& flags);
template <Fmt F> u64 from_wu(u64 x, u32 rm, u32& flags);
template <Fmt F> u64 from_l(u64 x, u32 rm, u32& flags);
template <Fmt F> u64 from_lu(u64 x, u32 rm, u32& flags);
u64 s_from_d(u64 a, u32 rm, u32& flags);  ///< fcvt.s.d
u64 d_from_s(u64 a, u32& flags);          ///< fcvt.d.s (exact)
/// fmv.x.w: the low 32 bits sign-extended; fmv.w.x: NaN-box the low 32 bits.
u64 move_x_from_s(u64 a);
u64 move_s_from_x(u64 x);

}  // namespace polyvm::guest::riscv64::fpu
