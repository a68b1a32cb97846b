/* F computational instructions (unpriv. ISA 20191213, 11.6): fadd/fsub/fmul/fdiv/fsqrt.s in every
   static rounding mode and in dyn with each frm, at ties, overflow, underflow (tininess after
   rounding), exact and inexact results, invalid operations and NaN operands. */
#include "fp_harness.h"

.macro ARITH_S
.irp rm, rne, rtz, rdn, rup, rmm
  F2 S, fadd.s, 0x3f800000, 0x33800000, \rm   /* 1 + 2^-24: a tie, even neighbour below */
  F2 S, fadd.s, 0xbf800000, 0xb3800000, \rm   /* the same tie below zero */
  F2 S, fadd.s, 0x3f800001, 0x33800000, \rm   /* a tie, even neighbour above */
  F2 S, fadd.s, 0x3f800000, 0x33c00000, \rm   /* above the half */
  F2 S, fsub.s, 0x3f800000, 0x33000000, \rm   /* 1 - 2^-25 */
  F2 S, fadd.s, 0x3f800000, 0xbf800000, \rm   /* exact cancellation: the sign of zero */
  F2 S, fadd.s, 0x80000000, 0x00000000, \rm
  F2 S, fadd.s, 0x7f7fffff, 0x7f7fffff, \rm   /* overflow */
  F2 S, fsub.s, 0xff7fffff, 0x7f7fffff, \rm
  F2 S, fadd.s, 0x00000001, 0x00000001, \rm   /* subnormals, exact */
  F2 S, fmul.s, 0x00000001, 0x3f000000, \rm   /* 2^-150: tiny tie */
  F2 S, fmul.s, 0x80000001, 0x3f000000, \rm
  F2 S, fmul.s, 0x00800000, 0x3f000000, \rm   /* subnormal but exact: no underflow */
  F2 S, fmul.s, 0x21164000, 0x1eda1700, \rm   /* 2^-126(1-2^-25): tiny only after RTZ/RDN */
  F2 S, fmul.s, 0x3f7fffff, 0x00800000, \rm   /* 2^-126(1-2^-24): tiny, may round to 2^-126 */
  F2 S, fmul.s, 0x3f8ccccd, 0x40490fdb, \rm
  F2 S, fmul.s, 0x00000000, 0x7f800000, \rm   /* 0 * inf */
  F2 S, fdiv.s, 0x3f800000, 0x40400000, \rm   /* 1/3 */
  F2 S, fdiv.s, 0xbf800000, 0x40400000, \rm
  F2 S, fdiv.s, 0x00000005, 0x40000000, \rm   /* 2.5 * 2^-149: a subnormal tie */
  F2 S, fdiv.s, 0xbf800000, 0x00000000, \rm   /* division by zero */
  F2 S, fdiv.s, 0x00000000, 0x00000000, \rm
  F2 S, fdiv.s, 0x7f800000, 0x00000000, \rm
  F2 S, fdiv.s, 0x7f800000, 0x7f800000, \rm
  F2 S, fsub.s, 0x7f800000, 0x7f800000, \rm
  F2 S, fadd.s, 0x7f800001, 0x3f800000, \rm   /* signaling NaN */
  F2 S, fadd.s, 0xffc12345, 0x3f800000, \rm   /* quiet NaN with payload: canonical result */
  F1 S, fsqrt.s, 0x40000000, \rm
  F1 S, fsqrt.s, 0x3f800001, \rm
  F1 S, fsqrt.s, 0x00000001, \rm
  F1 S, fsqrt.s, 0x80000000, \rm
  F1 S, fsqrt.s, 0xbf800000, \rm
  F1 S, fsqrt.s, 0xff800000, \rm
  F1 S, fsqrt.s, 0x7f800000, \rm
.endr
.irp mode, 0, 1, 2, 3, 4
  SET_FRM \mode
  F2 S, fadd.s, 0x3f800000, 0x33800000, dyn
  F2 S, fadd.s, 0xbf800000, 0xb3800000, dyn
  F2 S, fadd.s, 0x7f7fffff, 0x7f7fffff, dyn
  F2 S, fmul.s, 0x21164000, 0x1eda1700, dyn
  F2 S, fdiv.s, 0x3f800000, 0x40400000, dyn
  F2 S, fdiv.s, 0x00000005, 0x40000000, dyn
  F1 S, fsqrt.s, 0x40000000, dyn
.endr
.endm

TEST_BEGIN
  ARITH_S
  /* Again from the usual state of a program, NX accrued: the other flags must still appear. */
  .set FFLAGS_BEFORE, 1
  PUT "--- from fflags NX", zero
  ARITH_S
TEST_END
