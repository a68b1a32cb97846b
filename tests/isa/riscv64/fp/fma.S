/* Fused multiply-add (unpriv. ISA 20191213, 11.6 and 12.3): fmadd/fmsub/fnmsub/fnmadd .s and .d
   round once, in every rounding mode; 0*inf sets NV even with a quiet NaN addend; signs of zero. */
#include "fp_harness.h"

.macro FUSED
.irp rm, rne, rtz, rdn, rup, rmm
  F3 S, fmsub.s, 0x3f800001, 0x3f7ffffe, 0x3f800000, \rm   /* (1+u)(1-u) - 1 = -u^2 exactly */
  F3 S, fmadd.s, 0x3f800000, 0x3f800000, 0x33800000, \rm   /* 1 + 2^-24: a tie */
  F3 S, fnmadd.s, 0x3f800000, 0x3f800000, 0x33800000, \rm  /* -(1) - 2^-24: the tie below zero */
  F3 S, fnmsub.s, 0x3f800001, 0x3f800001, 0x3f800000, \rm  /* -(1+2u+u^2) + 1 */
  F3 S, fmadd.s, 0x3f800000, 0x3f800000, 0xbf800000, \rm   /* exact cancellation */
  F3 S, fnmadd.s, 0x00000000, 0x3f800000, 0x00000000, \rm  /* -(+0) - (+0) = -0 */
  F3 S, fmadd.s, 0x00000000, 0xbf800000, 0x00000000, \rm   /* -0 + +0 */
  F3 S, fmadd.s, 0x7f7fffff, 0x40000000, 0xff800000, \rm   /* finite product, -inf addend */
  F3 S, fmadd.s, 0x7f7fffff, 0x40000000, 0xff7fffff, \rm   /* no intermediate overflow */
  F3 S, fmadd.s, 0x7f7fffff, 0x7f7fffff, 0x00000000, \rm   /* overflow */
  F3 S, fmadd.s, 0x00800000, 0x3f000000, 0x00000001, \rm   /* subnormal, exact */
  F3 S, fmadd.s, 0x00000001, 0x3f000000, 0x80000000, \rm   /* tiny tie */
  F3 S, fmadd.s, 0x00000000, 0x7f800000, 0x7fc00000, \rm   /* 0*inf + qNaN: NV */
  F3 S, fmadd.s, 0x7f800000, 0x00000000, 0x3f800000, \rm   /* inf*0 + 1: NV */
  F3 S, fmadd.s, 0x7fc00000, 0x3f800000, 0x3f800000, \rm   /* qNaN: no flag */
  F3 S, fmadd.s, 0x3f800000, 0x3f800000, 0x7f800001, \rm   /* sNaN addend: NV */
  F3 S, fmsub.s, 0x7f800000, 0x3f800000, 0x7f800000, \rm   /* inf - inf: NV */
  F3 D, fmsub.d, 0x3ff0000000000001, 0x3feffffffffffffe, 0x3ff0000000000000, \rm
  F3 D, fmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000, \rm
  F3 D, fnmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000, \rm
  F3 D, fnmsub.d, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000000, \rm
  F3 D, fmadd.d, 0x4000000000000000, 0xbff0000000000000, 0x4000000000000000, \rm
  F3 D, fnmadd.d, 0x0000000000000000, 0x3ff0000000000000, 0x0000000000000000, \rm
  F3 D, fmadd.d, 0x7fefffffffffffff, 0x4000000000000000, 0xffefffffffffffff, \rm
  F3 D, fmadd.d, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x0000000000000000, \rm
  F3 D, fmadd.d, 0x0000000000000001, 0x3fe0000000000000, 0x8000000000000000, \rm
  F3 D, fmadd.d, 0x2075555aaaac0000, 0x1f87fffa00000000, 0x0000000000000000, \rm
  F3 D, fmadd.d, 0x5fe0000000000000, 0x5fe0000000000000, 0xffe0000000000001, \rm /* 2^1023 - huge */
  F3 D, fmadd.d, 0x3ff0000000000000, 0x0000000000000001, 0x3ff0000000000000, \rm /* 1 + tiny */
  F3 D, fmadd.d, 0x7ff0000000000000, 0x0000000000000000, 0x7ff8000000000000, \rm
  F3 D, fnmsub.d, 0x0000000000000000, 0xfff0000000000000, 0xfff8000000000000, \rm
  F3 D, fmadd.d, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000, \rm
.endr
.irp mode, 0, 1, 2, 3, 4
  SET_FRM \mode
  F3 S, fmadd.s, 0x3f800000, 0x3f800000, 0x33800000, dyn
  F3 D, fnmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000, dyn
  F3 D, fmadd.d, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, dyn
.endr
.endm

TEST_BEGIN
  FUSED
  /* Again from the usual state of a program, NX accrued: the other flags must still appear. */
  .set FFLAGS_BEFORE, 1
  PUT "--- from fflags NX", zero
  FUSED
TEST_END
