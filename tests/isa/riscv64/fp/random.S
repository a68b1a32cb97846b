/* Random operands through every F and D computational, conversion and compare instruction in
   all five rounding modes (frm, dyn): results and fflags fold into one hash per instruction, so
   any difference from qemu-riscv64 shows which instruction differs. Operands are biased towards
   NaNs, infinities, zeros, subnormals, values near 1, short significands and near-cancellation;
   singles are sometimes not NaN-boxed (unpriv. ISA 20191213, 12.2). */
#include "fp_harness.h"

#define ITERATIONS 3000

/* s0: xorshift64 state; s1: hash; s2: iterations left; s3: rounding mode; s7: FNV prime;
   s4, s5, s6: the operands' bits (a, b, c); s8: the previous operand. */

.macro NEXT_RANDOM reg
  slli t0, s0, 13
  xor s0, s0, t0
  srli t0, s0, 7
  xor s0, s0, t0
  slli t0, s0, 17
  xor s0, s0, t0
  mv \reg, s0
.endm

.macro HASH reg
  xor s1, s1, \reg
  mul s1, s1, s7
.endm

/* A biased binary64 pattern in reg: the top three random bits choose its shape. */
.macro SHAPE_D reg
  NEXT_RANDOM \reg
  srli t0, \reg, 61
  li t1, 0x800fffffffffffff
  beqz t0, 10f                  /* 0: NaN or infinity */
  addi t0, t0, -1
  beqz t0, 11f                  /* 1: zero or subnormal */
  addi t0, t0, -1
  beqz t0, 12f                  /* 2: exponent near 1.0 */
  addi t0, t0, -1
  beqz t0, 13f                  /* 3: short significand */
  addi t0, t0, -1
  beqz t0, 14f                  /* 4: next to the previous operand, either sign */
  j 19f                         /* else: all 64 bits random */
10:
  li t1, 0x7ff0000000000000
  or \reg, \reg, t1
  andi t0, \reg, 0x30
  bnez t0, 19f
  li t1, 0xfff0000000000000     /* a quarter of them infinite */
  and \reg, \reg, t1
  j 19f
11:
  and \reg, \reg, t1
  andi t0, \reg, 0x30
  bnez t0, 19f
  li t1, 0x8000000000000000     /* a quarter of them zero */
  and \reg, \reg, t1
  j 19f
12:
  and t2, \reg, t1
  srli t0, \reg, 52
  andi t0, t0, 7
  addi t0, t0, 0x3fc
  slli t0, t0, 52
  or \reg, t2, t0
  j 19f
13:
  li t1, 0xffffff0000000000
  and \reg, \reg, t1
  j 19f
14:
  andi t0, \reg, 3
  addi t0, t0, -1
  srli t1, \reg, 63
  slli t1, t1, 63
  add \reg, s8, t0
  xor \reg, \reg, t1
19:
  mv s8, \reg
.endm

/* The same shapes for binary32, in the low 32 bits. */
.macro SHAPE_S reg
  NEXT_RANDOM \reg
  srli t0, \reg, 61
  li t1, 0x807fffff
  and t2, \reg, t1
  li t1, 0xffffffff
  and \reg, \reg, t1
  beqz t0, 20f
  addi t0, t0, -1
  beqz t0, 21f
  addi t0, t0, -1
  beqz t0, 22f
  addi t0, t0, -1
  beqz t0, 23f
  addi t0, t0, -1
  beqz t0, 24f
  j 29f
20:
  li t1, 0x7f800000
  or \reg, \reg, t1
  andi t0, \reg, 0x30
  bnez t0, 29f
  li t1, 0xff800000
  and \reg, \reg, t1
  j 29f
21:
  mv \reg, t2
  andi t0, \reg, 0x30
  bnez t0, 29f
  li t1, 0x80000000
  and \reg, \reg, t1
  j 29f
22:
  srli t0, \reg, 23
  andi t0, t0, 7
  addi t0, t0, 0x7c
  slli t0, t0, 23
  or \reg, t2, t0
  j 29f
23:
  li t1, 0xffff0000
  and \reg, \reg, t1
  j 29f
24:
  andi t0, \reg, 3
  addi t0, t0, -1
  li t1, 0x80000000
  and t1, \reg, t1
  add \reg, s8, t0
  xor \reg, \reg, t1
  slli \reg, \reg, 32
  srli \reg, \reg, 32
29:
  mv s8, \reg
.endm

/* Operands into fa1..fa3: doubles as they are; singles NaN-boxed, one in 64 not. */
.macro OPERANDS_D
  SHAPE_D s4
  SHAPE_D s5
  SHAPE_D s6
  fmv.d.x fa1, s4
  fmv.d.x fa2, s5
  fmv.d.x fa3, s6
.endm

.macro OPERANDS_S
  SHAPE_S s4
  SHAPE_S s5
  SHAPE_S s6
  fmv.w.x fa1, s4
  fmv.w.x fa2, s5
  fmv.w.x fa3, s6
  andi t0, s0, 0x3f0
  bnez t0, 30f
  fmv.d.x fa1, s4               /* not NaN-boxed: reads as the canonical NaN */
30:
.endm

/* FUZZ fmt, tag, instruction...: runs the instruction (operands fa1..fa3, s4; results fa0
   or t3) ITERATIONS times in each rounding mode and prints the hash of results and flags. */
.macro FUZZ fmt, tag, insn:vararg
  li s1, 0xcbf29ce484222325
  li s2, ITERATIONS
31:
  OPERANDS_\fmt
  li s3, 0
32:
  csrw frm, s3
  fmv.d.x fa0, zero
  li t3, 0
  csrwi fflags, FFLAGS_BEFORE
  \insn
  fmv.x.d t0, fa0
  HASH t0
  HASH t3
  csrrw t0, fflags, zero
  HASH t0
  addi s3, s3, 1
  li t0, 5
  blt s3, t0, 32b
  addi s2, s2, -1
  bnez s2, 31b
  PUT "\tag", s1
.endm

.macro FUZZ_ARITH fmt, sfx
  FUZZ \fmt, fadd.\sfx, fadd.\sfx fa0, fa1, fa2
  FUZZ \fmt, fsub.\sfx, fsub.\sfx fa0, fa1, fa2
  FUZZ \fmt, fmul.\sfx, fmul.\sfx fa0, fa1, fa2
  FUZZ \fmt, fdiv.\sfx, fdiv.\sfx fa0, fa1, fa2
  FUZZ \fmt, fsqrt.\sfx, fsqrt.\sfx fa0, fa1
  FUZZ \fmt, fmadd.\sfx, fmadd.\sfx fa0, fa1, fa2, fa3
  FUZZ \fmt, fmsub.\sfx, fmsub.\sfx fa0, fa1, fa2, fa3
  FUZZ \fmt, fnmsub.\sfx, fnmsub.\sfx fa0, fa1, fa2, fa3
  FUZZ \fmt, fnmadd.\sfx, fnmadd.\sfx fa0, fa1, fa2, fa3
  FUZZ \fmt, fmin.\sfx, fmin.\sfx fa0, fa1, fa2
  FUZZ \fmt, fmax.\sfx, fmax.\sfx fa0, fa1, fa2
  FUZZ \fmt, fsgnjx.\sfx, fsgnjx.\sfx fa0, fa1, fa2
  FUZZ \fmt, feq.\sfx, feq.\sfx t3, fa1, fa2
  FUZZ \fmt, flt.\sfx, flt.\sfx t3, fa1, fa2
  FUZZ \fmt, fle.\sfx, fle.\sfx t3, fa1, fa2
  FUZZ \fmt, fclass.\sfx, fclass.\sfx t3, fa1
  FUZZ \fmt, fcvt.w.\sfx, fcvt.w.\sfx t3, fa1
  FUZZ \fmt, fcvt.wu.\sfx, fcvt.wu.\sfx t3, fa1
  FUZZ \fmt, fcvt.l.\sfx, fcvt.l.\sfx t3, fa1
  FUZZ \fmt, fcvt.lu.\sfx, fcvt.lu.\sfx t3, fa1
  FUZZ \fmt, fcvt.\sfx\().l, fcvt.\sfx\().l fa0, s4
  FUZZ \fmt, fcvt.\sfx\().lu, fcvt.\sfx\().lu fa0, s4
.endm

TEST_BEGIN
  li s0, 0x9e3779b97f4a7c15
  li s7, 0x100000001b3
  li s8, 0
  FUZZ_ARITH D, d
  FUZZ_ARITH S, s
  FUZZ D, fcvt.s.d, fcvt.s.d fa0, fa1
  FUZZ S, fcvt.d.s, fcvt.d.s fa0, fa1
  FUZZ S, fcvt.s.w, fcvt.s.w fa0, s4
  FUZZ S, fcvt.s.wu, fcvt.s.wu fa0, s4
  /* From the usual state of a program, NX accrued before each instruction. */
  .set FFLAGS_BEFORE, 1
  PUT "--- from fflags NX", zero
  FUZZ_ARITH D, d
  FUZZ_ARITH S, s
  FUZZ D, fcvt.s.d, fcvt.s.d fa0, fa1
TEST_END
