/* Misaligned loads and stores (unpriv. ISA 20191213, 2.6: "may be handled in hardware or by an
   invisible trap"; Linux user programs see them complete): every width at every byte offset. */
#include "harness.h"

/* LOADS off: every load width from .Lbytes + off. */
.macro LOADS off
  lla t3, .Lbytes
  lh t0, \off(t3)
  PUT "lh +\off", t0
  lhu t0, \off(t3)
  PUT "lhu +\off", t0
  lw t0, \off(t3)
  PUT "lw +\off", t0
  lwu t0, \off(t3)
  PUT "lwu +\off", t0
  ld t0, \off(t3)
  PUT "ld +\off", t0
.endm

/* STORES off: each store width into a zeroed buffer at offset off, read back aligned. */
.macro STORES off
  lla t3, .Lbuffer
  sd zero, 0(t3)
  sd zero, 8(t3)
  li t1, 0x8899aabbccddeeff
  sh t1, \off(t3)
  sw t1, \off+2(t3)
  ld t0, 0(t3)
  PUT "sh/sw +\off low", t0
  sd t1, \off+5(t3)
  ld t0, 8(t3)
  PUT "sd +\off+5 high", t0
  ld t0, 0(t3)
  PUT "sd +\off+5 low", t0
.endm

TEST_BEGIN
  .irp off, 1, 2, 3, 5, 6, 7
  LOADS \off
  .endr
  .irp off, 1, 3
  STORES \off
  .endr
  /* Floating-point loads and stores too. */
  lla t3, .Lbytes
  fld ft0, 3(t3)
  PUTF "fld +3", ft0
  flw ft1, 1(t3)
  PUTF "flw +1", ft1
  lla t4, .Lbuffer
  fsd ft0, 1(t4)
  ld t0, 0(t4)
  PUT "fsd +1 low", t0
TEST_END

  .data
  .balign 16
.Lbytes:
  .byte 0x01, 0x82, 0x03, 0x84, 0x05, 0x86, 0x07, 0x88, 0x09, 0x8a, 0x0b, 0x8c, 0x0d, 0x8e, 0x0f, 0x90
  .bss
  .balign 16
.Lbuffer:
  .space 32
