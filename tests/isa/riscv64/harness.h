/* Macros for the riscv64 ISA tests (tests/isa/README.md): each test is a static program whose
   output, one "tag value" line per result, must be the same under polyvm and qemu-riscv64. */
#ifndef POLYVM_TESTS_ISA_RISCV64_HARNESS_H
#define POLYVM_TESTS_ISA_RISCV64_HARNESS_H

#define SYS_exit 93

/* Starts the program: _start, in .text; sets gp, which the linker's relaxation uses. */
.macro TEST_BEGIN
  .text
  .globl _start
_start:
  .option push
  .option norelax
  lla gp, __global_pointer$
  .option pop
.endm

/* Ends the program: exit(0). */
.macro TEST_END
  li a0, 0
  li a7, SYS_exit
  ecall
.endm

/* PUT "tag", reg: prints "tag 0123456789abcdef\n" (the 64-bit register in hex).
   Every register is preserved (reg must not be sp). */
.macro PUT tag, reg
  .pushsection .rodata
.Lput_tag\@:
  .asciz "\tag"
  .popsection
  addi sp, sp, -32
  sd a0, 0(sp)
  sd a1, 8(sp)
  sd ra, 16(sp)
  mv a0, \reg
  lla a1, .Lput_tag\@
  call harness_put
  ld ra, 16(sp)
  ld a1, 8(sp)
  ld a0, 0(sp)
  addi sp, sp, 32
.endm

/* PUTF "tag", freg: prints the 64 bits of a floating-point register (a float shows its NaN box). */
.macro PUTF tag, freg
  addi sp, sp, -16
  sd t0, 0(sp)
  fmv.x.d t0, \freg
  PUT "\tag", t0
  ld t0, 0(sp)
  addi sp, sp, 16
.endm

/* PUTCSR "tag", csr: prints a CSR read with csrr (t0 is preserved). */
.macro PUTCSR tag, csr
  addi sp, sp, -16
  sd t0, 0(sp)
  csrr t0, \csr
  PUT "\tag", t0
  ld t0, 0(sp)
  addi sp, sp, 16
.endm

/* TEST_RR op, a, b: t0 = op(a, b) with a in t1 and b in t2, printed as "op a b". */
.macro TEST_RR op, a, b
  li t1, \a
  li t2, \b
  \op t0, t1, t2
  PUT "\op \a \b", t0
.endm

/* TEST_RI op, a, imm: t0 = op(a, imm) with a in t1, printed as "op a imm". */
.macro TEST_RI op, a, imm
  li t1, \a
  \op t0, t1, \imm
  PUT "\op \a \imm", t0
.endm

/* TEST_R op, a: t0 = op(a) with a in t1, printed as "op a". */
.macro TEST_R op, a
  li t1, \a
  \op t0, t1
  PUT "\op \a", t0
.endm

#endif
