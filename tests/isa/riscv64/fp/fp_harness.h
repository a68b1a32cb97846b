/* Macros for the F/D ISA tests (tests/isa/README.md): load operands as bit patterns, run one
   instruction with fflags cleared, print the result bits and the flags it raised. */
#ifndef POLYVM_TESTS_ISA_RISCV64_FP_HARNESS_H
#define POLYVM_TESTS_ISA_RISCV64_FP_HARNESS_H

#include "harness.h"

/* The fflags each instruction starts from: 0, or 1 (NX accrued, the usual state of a running
   program, where an implementation may take shortcuts). Tests may .set it again. */
.set FFLAGS_BEFORE, 0

/* Single operands go through fmv.w.x, which NaN-boxes them; doubles through fmv.d.x. */
.macro LOAD_S freg, bits
  li t1, \bits
  fmv.w.x \freg, t1
.endm

.macro LOAD_D freg, bits
  li t1, \bits
  fmv.d.x \freg, t1
.endm

/* Prints fa0's 64 bits (singles show their box) and the fflags raised, then clears them. */
.macro SHOW_F tag
  PUTF "\tag", fa0
  PUTCSR "\tag fflags", fflags
  csrwi fflags, 0
.endm

/* Prints t0 (an integer result) and the fflags raised, then clears them. */
.macro SHOW_X tag
  PUT "\tag", t0
  PUTCSR "\tag fflags", fflags
  csrwi fflags, 0
.endm

/* F1 fmt, op, a, rm: fa0 = op(a) with rounding rm (rne rtz rdn rup rmm dyn). */
.macro F1 fmt, op, a, rm
  LOAD_\fmt fa1, \a
  csrwi fflags, FFLAGS_BEFORE
  \op fa0, fa1, \rm
  SHOW_F "\op \a \rm"
.endm

/* F2 fmt, op, a, b, rm: fa0 = op(a, b). */
.macro F2 fmt, op, a, b, rm
  LOAD_\fmt fa1, \a
  LOAD_\fmt fa2, \b
  csrwi fflags, FFLAGS_BEFORE
  \op fa0, fa1, fa2, \rm
  SHOW_F "\op \a \b \rm"
.endm

/* F2N fmt, op, a, b: fa0 = op(a, b) for instructions without a rounding mode (fmin, fsgnj). */
.macro F2N fmt, op, a, b
  LOAD_\fmt fa1, \a
  LOAD_\fmt fa2, \b
  csrwi fflags, FFLAGS_BEFORE
  \op fa0, fa1, fa2
  SHOW_F "\op \a \b"
.endm

/* F3 fmt, op, a, b, c, rm: fa0 = op(a, b, c) (the fused forms). */
.macro F3 fmt, op, a, b, c, rm
  LOAD_\fmt fa1, \a
  LOAD_\fmt fa2, \b
  LOAD_\fmt fa3, \c
  csrwi fflags, FFLAGS_BEFORE
  \op fa0, fa1, fa2, fa3, \rm
  SHOW_F "\op \a \b \c \rm"
.endm

/* X2 fmt, op, a, b: t0 = op(a, b) for comparisons. */
.macro X2 fmt, op, a, b
  LOAD_\fmt fa1, \a
  LOAD_\fmt fa2, \b
  csrwi fflags, FFLAGS_BEFORE
  \op t0, fa1, fa2
  SHOW_X "\op \a \b"
.endm

/* X1 fmt, op, a: t0 = op(a) (fclass, fmv.x.*). */
.macro X1 fmt, op, a
  LOAD_\fmt fa1, \a
  csrwi fflags, FFLAGS_BEFORE
  \op t0, fa1
  SHOW_X "\op \a"
.endm

/* TO_INT fmt, op, a, rm: t0 = op(a) rounded by rm (fcvt.w.s and friends). */
.macro TO_INT fmt, op, a, rm
  LOAD_\fmt fa1, \a
  csrwi fflags, FFLAGS_BEFORE
  \op t0, fa1, \rm
  SHOW_X "\op \a \rm"
.endm

/* FROM_INT op, x, rm: fa0 = op(x) rounded by rm (fcvt.s.w and friends). */
.macro FROM_INT op, x, rm
  li t1, \x
  csrwi fflags, FFLAGS_BEFORE
  \op fa0, t1, \rm
  SHOW_F "\op \x \rm"
.endm

/* FROM_INT_EXACT op, x: fa0 = op(x) for the exact fcvt.d.w/fcvt.d.wu (no rounding operand). */
.macro FROM_INT_EXACT op, x
  li t1, \x
  csrwi fflags, FFLAGS_BEFORE
  \op fa0, t1
  SHOW_F "\op \x"
.endm

/* Sets frm for the dyn rounding mode and prints it, so the output shows which mode ran. */
.macro SET_FRM mode
  csrwi frm, \mode
  PUTCSR "frm", frm
.endm

#endif
