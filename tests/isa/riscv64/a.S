/* A extension (unpriv. ISA 20191213, ch. 8): LR/SC success and the failures the manual and
   qemu agree on, and every AMO in .w and .d forms (.w results are sign-extended). */
#include "harness.h"

/* AMO op, initial, operand: runs "op t0, t2, (t3)" on memory holding initial; prints the old
   value returned in t0 and the new memory contents. */
.macro AMO op, init, operand
  lla t3, .Lcell
  li t1, \init
  sd t1, 0(t3)
  li t2, \operand
  \op t0, t2, (t3)
  PUT "\op \init \operand old", t0
  ld t0, 0(t3)
  PUT "\op \init \operand mem", t0
.endm

TEST_BEGIN
  lla t3, .Lcell
  li t1, 0x1111
  sd t1, 0(t3)

  /* A paired LR/SC succeeds (rd = 0) and stores. */
  lr.d t0, (t3)
  PUT "lr.d", t0
  li t2, 0x2222
  sc.d t1, t2, (t3)
  PUT "sc.d after lr.d", t1
  ld t0, 0(t3)
  PUT "memory after sc.d", t0

  /* A second SC without a new LR fails (rd != 0, tested as a boolean) and does not store. */
  li t2, 0x3333
  sc.d t1, t2, (t3)
  snez t1, t1
  PUT "second sc.d fails", t1
  ld t0, 0(t3)
  PUT "memory after failed sc.d", t0

  /* LR.W sign-extends; SC.W succeeds on the same word. */
  li t1, 0x80000001
  sw t1, 0(t3)
  lr.w t0, (t3)
  PUT "lr.w sign-extends", t0
  li t2, 0x7ffffffe
  sc.w t1, t2, (t3)
  PUT "sc.w after lr.w", t1
  lw t0, 0(t3)
  PUT "memory after sc.w", t0
  lr.w.aq t0, (t3)
  sc.w.rl t1, t2, (t3)
  PUT "sc.w.rl after lr.w.aq", t1

  /* A loop of LR/SC increments completes (the usual retry idiom). */
  sd zero, 0(t3)
  li t4, 100
1:
  lr.d t0, (t3)
  addi t0, t0, 3
  sc.d t1, t0, (t3)
  bnez t1, 1b
  addi t4, t4, -1
  bnez t4, 1b
  ld t0, 0(t3)
  PUT "lr/sc loop", t0

  AMO amoswap.d, 0x1234, 0xfedcba9876543210
  AMO amoadd.d, 0x7fffffffffffffff, 1
  AMO amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  AMO amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  AMO amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  AMO amomax.d, -5, 3
  AMO amomax.d, 0x8000000000000000, 0x7fffffffffffffff
  AMO amomin.d, -5, 3
  AMO amomin.d, 0x8000000000000000, 0x7fffffffffffffff
  AMO amomaxu.d, -5, 3
  AMO amomaxu.d, 2, 3
  AMO amominu.d, -5, 3
  AMO amominu.d, 2, 3
  /* .w forms act on the low word; the old value comes back sign-extended, the high word of the
     doubleword in memory is untouched. */
  AMO amoswap.w, 0x1111111122222222, 0x80000000
  AMO amoswap.w, 0x11111111fffffffe, 5
  AMO amoadd.w, 0x000000007fffffff, 1
  AMO amoadd.w, 0x55555555ffffffff, 1
  AMO amoand.w, 0x12345678f0f0f0f0, 0xffffffff8f8f8f8f
  AMO amoor.w, 0x1234567800000000, 0x80000001
  AMO amoxor.w, 0x12345678ffffffff, 0x0000ffff
  AMO amomax.w, 0x00000000ffffffff, 1
  AMO amomax.w, 0x0000000080000000, 0x7fffffff
  AMO amomin.w, 0x00000000ffffffff, 1
  AMO amomin.w, 0xffffffff7fffffff, 0x80000000
  AMO amomaxu.w, 0x00000000ffffffff, 1
  AMO amomaxu.w, 0x0000000000000001, 0xfffffffe
  AMO amominu.w, 0x00000000ffffffff, 1
  AMO amominu.w, 0x0000000080000000, 0x7fffffff
  AMO amoadd.d.aqrl, 40, 2
  AMO amoswap.w.aq, 0x9999999988888888, 0x12345678

  /* rd = x0 discards the old value but still updates memory. */
  lla t3, .Lcell
  li t1, 10
  sd t1, 0(t3)
  li t2, 5
  amoadd.d zero, t2, (t3)
  ld t0, 0(t3)
  PUT "amoadd.d rd=x0 mem", t0
TEST_END

  .bss
  .balign 8
.Lcell:
  .space 16
