/* Conversions (unpriv. ISA 20191213, 11.7, 12.5, table 11.4): fcvt to integers saturate (NaN is
   the largest positive), 32-bit results are sign-extended, integer sources round by mode, and
   fcvt.s.d rounds while fcvt.d.s is exact. Every static rounding mode and dyn. */
#include "fp_harness.h"

.macro TO_INT_S a, rm
  TO_INT S, fcvt.w.s, \a, \rm
  TO_INT S, fcvt.wu.s, \a, \rm
  TO_INT S, fcvt.l.s, \a, \rm
  TO_INT S, fcvt.lu.s, \a, \rm
.endm

.macro TO_INT_D a, rm
  TO_INT D, fcvt.w.d, \a, \rm
  TO_INT D, fcvt.wu.d, \a, \rm
  TO_INT D, fcvt.l.d, \a, \rm
  TO_INT D, fcvt.lu.d, \a, \rm
.endm

.macro FROM_INT_ALL x, rm
  FROM_INT fcvt.s.w, \x, \rm
  FROM_INT fcvt.s.wu, \x, \rm
  FROM_INT fcvt.s.l, \x, \rm
  FROM_INT fcvt.s.lu, \x, \rm
  FROM_INT fcvt.d.l, \x, \rm
  FROM_INT fcvt.d.lu, \x, \rm
.endm

.macro NARROW rm
  .irp a, 0x3ff0000010000000, 0xbff0000010000000, 0x3ff0000030000000, 0x7fefffffffffffff, 0x47efffffefffffff, 0x47efffffe0000000, 0x380fffffe0000000, 0x3690000000000000, 0x36a8000000000000, 0x0000000000000001, 0x8000000000000000, 0xfff0000000000000, 0x7ff0000000000001, 0xfff8000000000123
    F1 D, fcvt.s.d, \a, \rm
  .endr
.endm

TEST_BEGIN
.irp rm, rne, rtz, rdn, rup, rmm
  .irp a, 0x7fc00000, 0xffc00000, 0x7f800001, 0x7f800000, 0xff800000, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0xdf000000, 0x5f800000, 0xbf000000, 0xbf800000, 0xbf400000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000, 0x80000000, 0x00000001, 0x4effffff, 0xceffffff
    TO_INT_S \a, \rm
  .endr
  .irp a, 0x7ff8000000000000, 0x7ff0000000000001, 0xfff0000000000000, 0x41dfffffffc00000, 0x41dfffffffe00000, 0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000100000, 0xc1e0000000200000, 0x41efffffffe00000, 0x41effffffff00000, 0x41f0000000000000, 0x43e0000000000000, 0xc3e0000000000000, 0x43f0000000000000, 0x43efffffffffffff, 0xbfe0000000000000, 0xbff0000000000000, 0x4004000000000000, 0xc004000000000000, 0x3fe0000000000001, 0x8000000000000001
    TO_INT_D \a, \rm
  .endr
  .irp x, 0, 1, -1, 0x7fffffff, 0x80000000, 0x01000001, 0x00ffffff, 0x1234567880000000, 0x0020000000000001, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x0000000100000003
    FROM_INT_ALL \x, \rm
  .endr
  NARROW \rm
.endr
.irp mode, 0, 1, 2, 3, 4
  SET_FRM \mode
  TO_INT_D 0xc004000000000000, dyn
  TO_INT_S 0x3fc00000, dyn
  FROM_INT_ALL 0x0020000000000001, dyn
  F1 D, fcvt.s.d, 0x3ff0000010000000, dyn
.endr
  /* fcvt.d.w, fcvt.d.wu and fcvt.d.s are exact. */
  .irp x, 0, 1, -1, 0x7fffffff, 0x80000000, 0x1234567880000000, 0xffffffff00000005
    FROM_INT_EXACT fcvt.d.w, \x
    FROM_INT_EXACT fcvt.d.wu, \x
  .endr

  .irp a, 0x3f800001, 0x00000001, 0x807fffff, 0x7f800000, 0x7f800001, 0xffc00001
    LOAD_S fa1, \a
    csrwi fflags, 0
    fcvt.d.s fa0, fa1
    SHOW_F "fcvt.d.s \a"
  .endr
  /* fcvt.s.d again from the usual state of a program, NX accrued. */
  .set FFLAGS_BEFORE, 1
  PUT "--- from fflags NX", zero
  .irp rm, rne, rtz, rdn, rup, rmm
    NARROW \rm
  .endr
TEST_END
