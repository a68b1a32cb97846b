/* C extension (unpriv. ISA 20191213, ch. 16, RV64C): every compressed instruction, written with
   its c. mnemonic, with the odd immediates (scaled, sign-extended, split encodings) at their edges. */
#include "harness.h"

TEST_BEGIN
  .option push
  .option rvc

  /* Integer constants and register-immediate operations. */
  c.li a0, 31
  PUT "c.li 31", a0
  c.li a0, -32
  PUT "c.li -32", a0
  c.lui a1, 1
  PUT "c.lui 1", a1
  c.lui a1, 31
  PUT "c.lui 31", a1
  c.lui a1, 0xfffff
  PUT "c.lui 0xfffff", a1
  c.lui a1, 0xfffe0
  PUT "c.lui 0xfffe0", a1
  c.li a2, 10
  c.addi a2, 31
  PUT "c.addi 10+31", a2
  c.addi a2, -32
  PUT "c.addi -32", a2
  c.nop
  li a3, 0x7fffffff
  c.addiw a3, 1
  PUT "c.addiw 0x7fffffff+1", a3
  li a3, 0x123456789
  c.addiw a3, 0
  PUT "c.addiw 0 (sext.w)", a3
  li a3, 0
  c.addiw a3, -32
  PUT "c.addiw -32", a3
  li a4, -1
  c.srli a4, 63
  PUT "c.srli 63", a4
  li a4, -1
  c.srli a4, 1
  PUT "c.srli 1", a4
  li a4, 0x8000000000000000
  c.srai a4, 63
  PUT "c.srai 63", a4
  li a4, 0x8000000000000000
  c.srai a4, 32
  PUT "c.srai 32", a4
  li a5, -1
  c.andi a5, -32
  PUT "c.andi -32", a5
  li a5, 0x12345
  c.andi a5, 31
  PUT "c.andi 31", a5
  li s0, 1
  c.slli s0, 63
  PUT "c.slli 63", s0
  li s0, 0x123
  c.slli s0, 32
  PUT "c.slli 32", s0

  /* Register-register operations. */
  li s0, 0xff00ff00ff00ff00
  li s1, 0x0ff00ff00ff00ff0
  c.mv a0, s0
  c.and a0, s1
  PUT "c.and", a0
  c.mv a0, s0
  c.or a0, s1
  PUT "c.or", a0
  c.mv a0, s0
  c.xor a0, s1
  PUT "c.xor", a0
  c.mv a0, s0
  c.sub a0, s1
  PUT "c.sub", a0
  li a0, 0x7fffffff
  li a1, 1
  c.addw a0, a1
  PUT "c.addw overflow", a0
  li a0, 0x100000000
  c.subw a0, a1
  PUT "c.subw", a0
  li a0, 0x80000000
  li a1, 0xffffffff00000001
  c.subw a0, a1
  PUT "c.subw sign", a0
  li t3, 40
  li t4, 2
  c.add t3, t4
  PUT "c.add", t3
  c.mv t5, t3
  PUT "c.mv", t5

  /* Stack-pointer forms. */
  mv t6, sp
  c.addi16sp sp, -512
  sub t0, t6, sp
  c.addi16sp sp, 496
  sub t1, t6, sp
  c.addi16sp sp, 16
  sub t2, t6, sp
  PUT "c.addi16sp -512", t0
  PUT "c.addi16sp then +496", t1
  PUT "c.addi16sp back", t2
  c.addi4spn a2, sp, 4
  sub a2, a2, sp
  PUT "c.addi4spn 4", a2
  c.addi4spn a2, sp, 1020
  sub a2, a2, sp
  PUT "c.addi4spn 1020", a2

  addi sp, sp, -512
  li t0, 0x1122334455667788
  c.sdsp t0, 504(sp)
  li t0, 0xfedcba9880000001
  c.sdsp t0, 0(sp)
  c.swsp t0, 252(sp)
  c.ldsp t1, 504(sp)
  c.ldsp t2, 0(sp)
  c.lwsp t3, 252(sp)
  c.lwsp t4, 4(sp)
  ld t5, 248(sp)
  li t0, 0x400921fb54442d18
  sd t0, 496(sp)
  c.fldsp ft0, 496(sp)
  c.fsdsp ft0, 8(sp)
  ld t6, 8(sp)
  addi sp, sp, 512
  PUT "c.sdsp/c.ldsp 504", t1
  PUT "c.ldsp 0", t2
  PUT "c.lwsp 252 sign-extends", t3
  PUT "c.lwsp 4", t4
  PUT "c.swsp 252 in its doubleword", t5
  PUTF "c.fldsp 496", ft0
  PUT "c.fsdsp 8", t6

  /* Register-based loads and stores (x8..x15, f8..f15). */
  lla s0, .Lcdata
  c.ld a0, 0(s0)
  PUT "c.ld 0", a0
  c.ld a0, 248(s0)
  PUT "c.ld 248", a0
  c.lw a1, 8(s0)
  PUT "c.lw 8 sign-extends", a1
  c.lw a1, 124(s0)
  PUT "c.lw 124", a1
  c.fld fa0, 16(s0)
  PUTF "c.fld 16", fa0
  lla s1, .Lcscratch
  c.sd a0, 0(s1)
  c.sd a0, 248(s1)
  c.sw a1, 124(s1)
  c.fsd fa0, 16(s1)
  ld a2, 0(s1)
  PUT "c.sd 0", a2
  ld a2, 248(s1)
  PUT "c.sd 248", a2
  lw a2, 124(s1)
  PUT "c.sw 124", a2
  ld a2, 16(s1)
  PUT "c.fsd 16", a2

  /* Branches: taken and not taken, forward and backward, near the +-256 byte limit. */
  li a0, 0
  li s1, 0
  c.beqz a0, 1f
  li s1, 1
1:
  PUT "c.beqz taken (0)", s1
  li a0, 5
  li s1, 0
  c.beqz a0, 1f
  li s1, 1
1:
  PUT "c.beqz not taken (1)", s1
  li a0, -1
  li s1, 0
  c.bnez a0, 1f
  li s1, 1
1:
  PUT "c.bnez taken (0)", s1
  li a0, 3
  li s1, 0
2:
  addi s1, s1, 1
  addi a0, a0, -1
  c.bnez a0, 2b
  PUT "c.bnez loop count", s1

  li s1, 0
  c.beqz s1, .Lfar_forward
  li s1, 99
  .skip 244, 0
.Lfar_forward:
  li a0, 1
  j .Lfar_back_start
.Lfar_back_target:
  addi s1, s1, 7
  j .Lfar_done
.Lfar_back_start:
  .option push
  .option norvc
  nop
  .option pop
  .rept 60
  c.nop
  .endr
  c.bnez a0, .Lfar_back_target
  li s1, 99
.Lfar_done:
  PUT "far c.beqz/c.bnez (7)", s1

  /* c.j across nearly 2 KiB forward and back. */
  li s1, 0
  c.j .Lj_forward
.Lj_back:
  addi s1, s1, 10
  c.j .Lj_done
  .skip 2000, 0
.Lj_forward:
  addi s1, s1, 1
  c.j .Lj_back
.Lj_done:
  PUT "c.j far (11)", s1

  /* c.jr and c.jalr: the link is the address of the next (2-byte) instruction. */
  lla t0, .Ljr_target
  c.jr t0
  li s1, 99
.Ljr_target:
  li s1, 5
  PUT "c.jr reached (5)", s1
  lla t1, .Ljalr_target
  c.jalr t1
.Ljalr_return:
  j .Ljalr_done
.Ljalr_target:
  lla t2, .Ljalr_return
  sub t2, ra, t2
  PUT "c.jalr link - next (0)", t2
  c.jr ra
.Ljalr_done:
  .option pop
TEST_END

  .data
  .balign 8
.Lcdata:
  .dword 0x0123456789abcdef
  .word 0x80000000, 0
  .dword 0x3ff8000000000000
  .fill 26, 4, 0x11111111
  .word 0x7eadbeef
  .fill 30, 4, 0x22222222
  .dword 0xa5a5a5a5a5a5a5a5
  .bss
  .balign 8
.Lcscratch:
  .space 256
