/* Min/max, comparisons, classification, sign injection and moves (unpriv. ISA 20191213, 11.6-11.9,
   12.2-12.6): -0 < +0 in fmin/fmax, a single NaN operand gives the other, feq is quiet, flt/fle
   signal, fclass of every class, NaN-boxing of singles (an unboxed input reads as the canonical
   NaN; moves and stores do not check). */
#include "fp_harness.h"

.macro PAIRS_S op
  .irp pair, "0x80000000, 0x00000000", "0x00000000, 0x80000000", "0x7fc00000, 0x3f800000", "0x3f800000, 0x7fc00000", "0x7f800001, 0x3f800000", "0x3f800000, 0x7fa00000", "0x7fc00000, 0xffc00000", "0x7f800001, 0x7fc00000", "0xff800000, 0x3f800000", "0x3f800000, 0x40000000", "0xbf800000, 0xc0000000", "0x3f800000, 0x3f800000", "0x00000001, 0x80000001"
    \op \pair
  .endr
.endm

.macro PAIRS_D op
  .irp pair, "0x8000000000000000, 0x0000000000000000", "0x0000000000000000, 0x8000000000000000", "0x7ff8000000000000, 0x3ff0000000000000", "0x3ff0000000000000, 0xfff8000000000001", "0x7ff0000000000001, 0x3ff0000000000000", "0x3ff0000000000000, 0x7ff4000000000000", "0x7ff8000000000000, 0x7ff8000000000000", "0x7ff0000000000001, 0x7ff0000000000001", "0xfff0000000000000, 0x7ff0000000000000", "0x3ff0000000000000, 0x3ff0000000000001", "0xbff0000000000000, 0xc000000000000000", "0x4000000000000000, 0x4000000000000000", "0x000fffffffffffff, 0x0010000000000000"
    \op \pair
  .endr
.endm

.macro MINMAX_S a, b
  F2N S, fmin.s, \a, \b
  F2N S, fmax.s, \a, \b
  X2 S, feq.s, \a, \b
  X2 S, flt.s, \a, \b
  X2 S, fle.s, \a, \b
  F2N S, fsgnj.s, \a, \b
  F2N S, fsgnjn.s, \a, \b
  F2N S, fsgnjx.s, \a, \b
.endm

.macro MINMAX_D a, b
  F2N D, fmin.d, \a, \b
  F2N D, fmax.d, \a, \b
  X2 D, feq.d, \a, \b
  X2 D, flt.d, \a, \b
  X2 D, fle.d, \a, \b
  F2N D, fsgnj.d, \a, \b
  F2N D, fsgnjn.d, \a, \b
  F2N D, fsgnjx.d, \a, \b
.endm

/* UNBOXED op, bits: a single-precision op on fa1 holding the 64 bits given (not NaN-boxed). */
.macro UNBOXED_F op, bits
  LOAD_D fa1, \bits
  LOAD_S fa2, 0x3f800000
  csrwi fflags, 0
  \op fa0, fa1, fa2
  SHOW_F "unboxed \op \bits"
.endm

.macro UNBOXED_X op, bits
  LOAD_D fa1, \bits
  LOAD_S fa2, 0x3f800000
  csrwi fflags, 0
  \op t0, fa1, fa2
  SHOW_X "unboxed \op \bits"
.endm

TEST_BEGIN
  PAIRS_S MINMAX_S
  PAIRS_D MINMAX_D
  .irp a, 0xff800000, 0xbf800000, 0x807fffff, 0x80000000, 0x00000000, 0x00000001, 0x00800000, 0x7f800000, 0x7f800001, 0x7fc00000, 0xffffffff
    X1 S, fclass.s, \a
  .endr
  .irp a, 0xfff0000000000000, 0xbff0000000000000, 0x800fffffffffffff, 0x8000000000000000, 0x0000000000000000, 0x0000000000000001, 0x0010000000000000, 0x7ff0000000000000, 0x7ff0000000000001, 0x7ff8000000000000, 0xffffffffffffffff
    X1 D, fclass.d, \a
  .endr
  .irp bits, 0x000000003f800000, 0xfffffffe3f800000, 0x7fffffff3f800000
    UNBOXED_F fadd.s, \bits
    UNBOXED_F fmin.s, \bits
    UNBOXED_F fsgnj.s, \bits
    UNBOXED_F fsgnjn.s, \bits
    UNBOXED_X feq.s, \bits
    UNBOXED_X flt.s, \bits
    LOAD_D fa1, \bits
    fclass.s t0, fa1
    SHOW_X "unboxed fclass.s \bits"
    fcvt.d.s fa0, fa1
    SHOW_F "unboxed fcvt.d.s \bits"
    fcvt.w.s t0, fa1, rtz
    SHOW_X "unboxed fcvt.w.s \bits"
    fmv.x.w t0, fa1          /* a move: the low 32 bits, sign-extended, no box check */
    SHOW_X "unboxed fmv.x.w \bits"
    addi sp, sp, -16
    fsw fa1, 0(sp)           /* a store: the low 32 bits as they are */
    lwu t0, 0(sp)
    addi sp, sp, 16
    SHOW_X "unboxed fsw \bits"
  .endr
  /* fmv.w.x and flw NaN-box; fmv.x.w sign-extends. */
  li t1, 0x12345678bf800000
  fmv.w.x fa0, t1
  SHOW_F "fmv.w.x 0x12345678bf800000"
  fmv.x.w t0, fa0
  SHOW_X "fmv.x.w 0xbf800000"
  addi sp, sp, -16
  li t1, 0x7f800001
  sw t1, 0(sp)
  flw fa0, 0(sp)
  addi sp, sp, 16
  SHOW_F "flw 0x7f800001"
  fmv.x.d t0, fa0
  SHOW_X "fmv.x.d of a boxed single"
TEST_END
