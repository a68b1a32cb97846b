/* Output routine shared by the riscv64 ISA tests: harness_put writes "tag value\n" with write(2). */
#define SYS_write 64

  .text
  .globl harness_put
/* a0 = value, a1 = NUL-terminated tag. Preserves every register but a0, a1 (the PUT macro saves those). */
harness_put:
  addi sp, sp, -128
  sd t0, 0(sp)
  sd t1, 8(sp)
  sd t2, 16(sp)
  sd a2, 24(sp)
  sd a7, 32(sp)
  addi t0, sp, 40          /* t0 = write cursor into the 88-byte line buffer at sp+40 */
  addi t2, sp, 40 + 70     /* tags are cut at 70 characters */
1:
  lbu t1, 0(a1)
  beqz t1, 2f
  bgeu t0, t2, 2f
  sb t1, 0(t0)
  addi t0, t0, 1
  addi a1, a1, 1
  j 1b
2:
  li t1, ' '
  sb t1, 0(t0)
  addi t0, t0, 16          /* digits are written from the last one backwards */
  li t2, 16
3:
  andi t1, a0, 15
  addi t1, t1, '0'
  li a1, '9'
  bleu t1, a1, 4f
  addi t1, t1, 'a' - '0' - 10
4:
  sb t1, 0(t0)
  srli a0, a0, 4
  addi t0, t0, -1
  addi t2, t2, -1
  bnez t2, 3b
  addi t0, t0, 17
  li t1, '\n'
  sb t1, 0(t0)
  addi t0, t0, 1
  li a0, 1
  addi a1, sp, 40
  sub a2, t0, a1
  li a7, SYS_write
  ecall
  ld t0, 0(sp)
  ld t1, 8(sp)
  ld t2, 16(sp)
  ld a2, 24(sp)
  ld a7, 32(sp)
  addi sp, sp, 128
  ret
