/* RV64I (unpriv. ISA 20191213, ch. 2 and 5): shifts with masked amounts, W-op sign extension,
   comparisons, lui/auipc, branches, jumps, loads with sign/zero extension and stores. */
#include "harness.h"

/* BRANCH op, a, b: prints 1 when "op a, b" is taken, 0 when not. */
.macro BRANCH op, a, b
  li t1, \a
  li t2, \b
  li t0, 1
  \op t1, t2, 1f
  li t0, 0
1:
  PUT "\op \a \b", t0
.endm

TEST_BEGIN
  /* Register shifts use the low 6 bits of rs2 (5 bits for the W forms). */
  TEST_RR sll, 1, 63
  TEST_RR sll, 1, 64
  TEST_RR sll, 1, 65
  TEST_RR sll, 0x123456789abcdef0, -1
  TEST_RR srl, 0x8000000000000000, 63
  TEST_RR srl, 0x8000000000000000, 127
  TEST_RR srl, -1, 0
  TEST_RR sra, 0x8000000000000000, 63
  TEST_RR sra, 0x8000000000000000, 68
  TEST_RR sra, 0x7000000000000000, 60
  TEST_RR sllw, 1, 31
  TEST_RR sllw, 1, 32
  TEST_RR sllw, 3, 63
  TEST_RR sllw, 0xffffffff00000001, 0
  TEST_RR srlw, 0x80000000, 31
  TEST_RR srlw, 0x80000000, 32
  TEST_RR srlw, 0xffffffff80000000, 0
  TEST_RR srlw, -1, 1
  TEST_RR sraw, 0x80000000, 31
  TEST_RR sraw, 0x80000000, 33
  TEST_RR sraw, 0x7fffffff, 4
  TEST_RR sraw, 0x123456780000000f, 1
  TEST_RI slli, 1, 63
  TEST_RI slli, -1, 0
  TEST_RI srli, -1, 63
  TEST_RI srli, -1, 1
  TEST_RI srai, 0x8000000000000000, 63
  TEST_RI srai, 0x8000000000000000, 1
  TEST_RI slliw, 1, 31
  TEST_RI slliw, 0xffffffff, 4
  TEST_RI srliw, 0x80000000, 31
  TEST_RI srliw, -1, 0
  TEST_RI sraiw, 0x80000000, 31
  TEST_RI sraiw, 0x80000000, 0
  TEST_RI sraiw, 0x7fffffff00000000, 0

  /* W ops compute on 32 bits and sign-extend the result. */
  TEST_RR addw, 0x7fffffff, 1
  TEST_RR addw, 0xffffffff, 1
  TEST_RR addw, 0x123456789, 0
  TEST_RR subw, 0, 1
  TEST_RR subw, 0x80000000, 1
  TEST_RR subw, 0x100000000, 0
  TEST_RI addiw, 0x7fffffff, 1
  TEST_RI addiw, 0xffffffff80000000, -1
  TEST_RI addiw, 0x1234567800000000, 0
  TEST_RR add, 0x7fffffffffffffff, 1
  TEST_RR sub, 0, 0x8000000000000000
  TEST_RI addi, 0, -2048
  TEST_RI addi, 0, 2047
  TEST_RI xori, 0x5555, -1
  TEST_RI ori, 0x100, -2048
  TEST_RI andi, -1, -2048
  TEST_RI andi, 0x123456789abcdef0, 2047
  TEST_RR and, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  TEST_RR or, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  TEST_RR xor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0

  /* Signed and unsigned comparisons at the edges. */
  TEST_RR slt, -1, 0
  TEST_RR slt, 0, -1
  TEST_RR slt, 0x8000000000000000, 0x7fffffffffffffff
  TEST_RR slt, 5, 5
  TEST_RR sltu, -1, 0
  TEST_RR sltu, 0, -1
  TEST_RR sltu, 0x8000000000000000, 0x7fffffffffffffff
  TEST_RR sltu, 5, 5
  TEST_RI slti, -1, 0
  TEST_RI slti, 0, -1
  TEST_RI slti, -2049, -2048
  TEST_RI sltiu, 0, -1
  TEST_RI sltiu, -2, -1
  TEST_RI sltiu, -1, -1
  TEST_RI sltiu, 0, 1
  TEST_RI sltiu, 1, 1

  /* lui sign-extends bit 31; auipc adds to its own address. */
  lui t0, 0x80000
  PUT "lui 0x80000", t0
  lui t0, 0xfffff
  PUT "lui 0xfffff", t0
  lui t0, 0x7ffff
  PUT "lui 0x7ffff", t0
  lui t0, 1
  PUT "lui 1", t0
.Lauipc_here:
  auipc t0, 0
  lla t1, .Lauipc_here
  sub t0, t0, t1
  PUT "auipc 0 - pc", t0
.Lauipc_here2:
  auipc t0, 0x12345
  lla t1, .Lauipc_here2
  sub t0, t0, t1
  PUT "auipc 0x12345 - pc", t0
.Lauipc_here3:
  auipc t0, 0x80000
  lla t1, .Lauipc_here3
  sub t0, t0, t1
  PUT "auipc 0x80000 - pc", t0

  BRANCH beq, 5, 5
  BRANCH beq, 5, 6
  BRANCH bne, 5, 5
  BRANCH bne, -1, 0xffffffff
  BRANCH blt, -1, 0
  BRANCH blt, 0, -1
  BRANCH blt, 3, 3
  BRANCH bge, 3, 3
  BRANCH bge, 0x8000000000000000, 0x7fffffffffffffff
  BRANCH bge, 0, -1
  BRANCH bltu, -1, 0
  BRANCH bltu, 0, -1
  BRANCH bltu, 7, 7
  BRANCH bgeu, 7, 7
  BRANCH bgeu, 0x8000000000000000, 0x7fffffffffffffff
  BRANCH bgeu, 0, -1

  /* jal/jalr link the address of the next instruction; jalr clears bit 0 of the target. */
  jal t0, .Ljal_target
.Ljal_return:
  j .Ljal_done
.Ljal_target:
  lla t1, .Ljal_return
  sub t1, t0, t1
  PUT "jal link - next", t1
  jr t0
.Ljal_done:
  lla t1, .Ljalr_target
  addi t1, t1, 1
  jalr t0, 0(t1)
.Ljalr_return:
  j .Ljalr_done
.Ljalr_target:
  lla t1, .Ljalr_return
  sub t1, t0, t1
  PUT "jalr odd target link - next", t1
  jr t0
.Ljalr_done:
  lla t1, .Ljalr_target2 - 16
  jalr t0, 16(t1)
.Ljalr_return2:
  j .Ljalr_done2
.Ljalr_target2:
  lla t1, .Ljalr_return2
  sub t1, t0, t1
  PUT "jalr offset link - next", t1
  jr t0
.Ljalr_done2:
  li t0, 1
  addi zero, t0, 5
  mv t1, zero
  PUT "x0 stays zero", t1

  /* Loads extend by sign (lb lh lw ld) or zero (lbu lhu lwu). */
  lla t3, .Ldata
  lb t0, 0(t3)
  PUT "lb 0x80", t0
  lbu t0, 0(t3)
  PUT "lbu 0x80", t0
  lb t0, 1(t3)
  PUT "lb 0x7f", t0
  lh t0, 2(t3)
  PUT "lh 0x8001", t0
  lhu t0, 2(t3)
  PUT "lhu 0x8001", t0
  lw t0, 4(t3)
  PUT "lw 0x80000002", t0
  lwu t0, 4(t3)
  PUT "lwu 0x80000002", t0
  ld t0, 8(t3)
  PUT "ld", t0
  lw t0, -4(t3)
  PUT "lw negative offset", t0

  lla t3, .Lscratch
  li t1, 0x1122334455667788
  sd t1, 0(t3)
  li t2, 0xaa
  sb t2, 1(t3)
  li t2, 0xbbcc
  sh t2, 4(t3)
  ld t0, 0(t3)
  PUT "sb/sh into sd", t0
  li t2, 0xffffffffdeadbeef
  sw t2, 8(t3)
  sw zero, 12(t3)
  ld t0, 8(t3)
  PUT "sw", t0
  sd t1, 16(t3)
  addi t4, t3, 24
  sw t2, -4(t4)
  ld t0, 16(t3)
  PUT "sw negative offset", t0
TEST_END

  .data
  .balign 8
  .word 0, 0xcafebabe
.Ldata:
  .byte 0x80, 0x7f
  .half 0x8001
  .word 0x80000002
  .dword 0xfedcba9876543210
  .bss
  .balign 8
.Lscratch:
  .space 32
