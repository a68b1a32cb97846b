/* Reserved rounding modes (unpriv. ISA 20191213, 11.2, table 11.1): rm 101 and 110 in the
   instruction, or dyn with frm holding 101-111, are illegal instructions (SIGILL); a valid frm
   runs. A SIGILL handler (SA_NODEFER) prints the step and jumps on to the next one. */
#include "fp_harness.h"

#define SYS_rt_sigaction 134
#define SIGILL 4
#define SA_NODEFER 0x40000000


TEST_BEGIN
  /* struct sigaction { handler; flags; mask; } as the generic Linux ABI lays it out. */
  addi sp, sp, -32
  lla t0, on_sigill
  sd t0, 0(sp)
  li t0, SA_NODEFER
  sd t0, 8(sp)
  sd zero, 16(sp)
  li a0, SIGILL
  mv a1, sp
  li a2, 0
  li a3, 8
  li a7, SYS_rt_sigaction
  ecall
  addi sp, sp, 32
  PUT "rt_sigaction", a0

  LOAD_D fa1, 0x3ff0000000000000
  LOAD_D fa2, 0x3ca0000000000000   /* 1 + 2^-53: a tie, so the mode shows in the result */

  li s2, 1
  lla s3, 1f
  mv s4, sp
  csrwi frm, 4
  fadd.d fa0, fa1, fa2, dyn         /* valid: RMM */
  PUTF "frm 4 dyn", fa0
1:
  .irp mode, 5, 6, 7
    li s2, 0x10 + \mode
    lla s3, 2f
    mv s4, sp
    csrwi frm, \mode
    fadd.d fa0, fa1, fa2, dyn
    PUT "no trap with frm", s2
2:
  .endr
  li s2, 0x20
  lla s3, 3f
  mv s4, sp
  csrwi frm, 5
  .insn r OP_FP, 7, 0x21, fa0, fa1, f0   /* fcvt.d.s fa0, fa1, dyn */
  PUT "no trap: fcvt.d.s dyn with frm 5", s2
3:
  csrwi frm, 0
  /* fadd.d with rm fields 101 and 110 in the instruction (funct7 0000001, opcode OP-FP). */
  li s2, 0x35
  lla s3, 4f
  mv s4, sp
  .insn r OP_FP, 5, 1, fa0, fa1, fa2
  PUT "no trap: rm 101", s2
4:
  li s2, 0x36
  lla s3, 5f
  mv s4, sp
  .insn r OP_FP, 6, 1, fa0, fa1, fa2
  PUT "no trap: rm 110", s2
5:
  .insn r OP_FP, 4, 1, fa0, fa1, fa2
  PUTF "rm 100 (rmm) in the instruction", fa0
TEST_END

/* The SIGILL handler: print the step (s2) and continue at s3 with the stack of s4. */
on_sigill:
  mv sp, s4
  PUT "SIGILL at step", s2
  jr s3
