/* D computational instructions (unpriv. ISA 20191213, 12.3): fadd/fsub/fmul/fdiv/fsqrt.d in every
   static rounding mode and in dyn with each frm, at ties, overflow, underflow (tininess after
   rounding), exact and inexact results, invalid operations and NaN operands. */
#include "fp_harness.h"

.macro ARITH_D
.irp rm, rne, rtz, rdn, rup, rmm
  F2 D, fadd.d, 0x3ff0000000000000, 0x3ca0000000000000, \rm  /* 1 + 2^-53: a tie */
  F2 D, fadd.d, 0xbff0000000000000, 0xbca0000000000000, \rm
  F2 D, fadd.d, 0x3ff0000000000001, 0x3ca0000000000000, \rm  /* tie, even neighbour above */
  F2 D, fadd.d, 0x3ff0000000000000, 0x3ca8000000000000, \rm  /* above the half */
  F2 D, fsub.d, 0x3ff0000000000000, 0x3c90000000000000, \rm  /* 1 - 2^-54 */
  F2 D, fadd.d, 0x3ff0000000000000, 0xbff0000000000000, \rm  /* exact cancellation */
  F2 D, fadd.d, 0x8000000000000000, 0x0000000000000000, \rm
  F2 D, fadd.d, 0x7fefffffffffffff, 0x7fefffffffffffff, \rm  /* overflow */
  F2 D, fsub.d, 0xffefffffffffffff, 0x7fefffffffffffff, \rm
  F2 D, fadd.d, 0x0000000000000001, 0x000fffffffffffff, \rm  /* subnormals to the min normal */
  F2 D, fmul.d, 0x0000000000000001, 0x3fe0000000000000, \rm  /* 2^-1075: tiny tie */
  F2 D, fmul.d, 0x8000000000000003, 0x3fe0000000000000, \rm
  F2 D, fmul.d, 0x0010000000000000, 0x3fe0000000000000, \rm  /* exact subnormal */
  F2 D, fmul.d, 0x2075555aaaac0000, 0x1f87fffa00000000, \rm  /* 2^-1022(1-2^-54) */
  F2 D, fmul.d, 0x3fefffffffffffff, 0x0010000000000000, \rm  /* 2^-1022(1-2^-53) */
  F2 D, fmul.d, 0x3ff199999999999a, 0x400921fb54442d18, \rm
  F2 D, fmul.d, 0x8000000000000000, 0x7ff0000000000000, \rm  /* 0 * inf */
  F2 D, fmul.d, 0x7fe0000000000000, 0x4000000000000000, \rm  /* 2^1023 * 2: overflow */
  F2 D, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, \rm  /* 1/3 */
  F2 D, fdiv.d, 0xbff0000000000000, 0x4008000000000000, \rm
  F2 D, fdiv.d, 0x0000000000000005, 0x4000000000000000, \rm  /* subnormal tie */
  F2 D, fdiv.d, 0x3ff0000000000000, 0x8000000000000000, \rm  /* division by zero */
  F2 D, fdiv.d, 0x0000000000000000, 0x0000000000000000, \rm
  F2 D, fdiv.d, 0x0010000000000000, 0x7fefffffffffffff, \rm  /* deep underflow */
  F2 D, fsub.d, 0xfff0000000000000, 0xfff0000000000000, \rm
  F2 D, fadd.d, 0x7ff0000000000001, 0x3ff0000000000000, \rm  /* signaling NaN */
  F2 D, fmul.d, 0xfff8000000012345, 0x3ff0000000000000, \rm  /* quiet NaN with payload */
  F1 D, fsqrt.d, 0x4000000000000000, \rm
  F1 D, fsqrt.d, 0x3ff0000000000001, \rm
  F1 D, fsqrt.d, 0x0000000000000001, \rm
  F1 D, fsqrt.d, 0x8000000000000000, \rm
  F1 D, fsqrt.d, 0x8000000000000001, \rm
  F1 D, fsqrt.d, 0x7ff0000000000000, \rm
  F1 D, fsqrt.d, 0x7ff4000000000000, \rm
.endr
.irp mode, 0, 1, 2, 3, 4
  SET_FRM \mode
  F2 D, fadd.d, 0x3ff0000000000000, 0x3ca0000000000000, dyn
  F2 D, fadd.d, 0xbff0000000000000, 0xbca0000000000000, dyn
  F2 D, fmul.d, 0x7fe0000000000000, 0x4000000000000000, dyn
  F2 D, fmul.d, 0x2075555aaaac0000, 0x1f87fffa00000000, dyn
  F2 D, fdiv.d, 0x3ff0000000000000, 0x4008000000000000, dyn
  F1 D, fsqrt.d, 0x4000000000000000, dyn
.endr
.endm

TEST_BEGIN
  ARITH_D
  /* Again from the usual state of a program, NX accrued: the other flags must still appear. */
  .set FFLAGS_BEFORE, 1
  PUT "--- from fflags NX", zero
  ARITH_D
TEST_END
