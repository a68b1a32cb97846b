/* Zicsr (unpriv. ISA 20191213, ch. 9 and 11.2): fcsr = frm << 5 | fflags through every CSR
   instruction form; the counters are only checked to be readable and non-decreasing. */
#include "harness.h"

TEST_BEGIN
  /* fcsr starts at zero for a new process. */
  PUTCSR "initial fcsr", fcsr
  li t1, 0xff
  csrrw t0, fcsr, t1
  PUT "csrrw fcsr old", t0
  PUTCSR "fcsr after writing 0xff", fcsr
  PUTCSR "frm from fcsr 0xff", frm
  PUTCSR "fflags from fcsr 0xff", fflags
  li t1, 0xfff
  csrw fcsr, t1
  PUTCSR "fcsr after writing 0xfff (reserved bits)", fcsr

  csrwi fcsr, 0
  csrrsi t0, fflags, 0x1f
  PUT "csrrsi fflags old", t0
  PUTCSR "fflags after csrrsi 0x1f", fflags
  csrrci t0, fflags, 0x5
  PUT "csrrci fflags old", t0
  PUTCSR "fflags after csrrci 5", fflags
  PUTCSR "fcsr shows fflags", fcsr
  csrrwi t0, frm, 3
  PUT "csrrwi frm old", t0
  PUTCSR "frm after csrrwi 3", frm
  PUTCSR "fcsr shows frm", fcsr
  li t1, 0xfc
  csrrs t0, frm, t1
  PUT "csrrs frm old", t0
  PUTCSR "frm after csrrs 0xfc (3 bits kept)", frm
  li t1, 6
  csrrc t0, frm, t1
  PUT "csrrc frm old", t0
  PUTCSR "frm after csrrc 6", frm
  li t1, 0x3e
  csrrw t0, fflags, t1
  PUT "csrrw fflags old", t0
  PUTCSR "fflags after writing 0x3e", fflags
  PUTCSR "fcsr", fcsr
  /* csrrs/csrrc with rs1 = x0 and csrrsi/csrrci with 0 only read. */
  csrrs t0, fcsr, zero
  PUT "csrrs x0 read", t0
  csrrci t0, fcsr, 0
  PUT "csrrci 0 read", t0
  PUTCSR "fcsr unchanged", fcsr

  /* Floating-point operations accumulate flags in fflags; frm = dyn rounding takes effect. */
  csrwi fcsr, 0
  li t1, 1
  fcvt.d.l ft0, t1
  li t1, 3
  fcvt.d.l ft1, t1
  fdiv.d ft2, ft0, ft1
  PUTCSR "fflags after 1/3 (NX)", fflags
  PUTF "1/3 rne", ft2
  csrwi frm, 3
  fdiv.d ft2, ft0, ft1
  PUTF "1/3 with frm=rup", ft2
  csrwi frm, 2
  fdiv.d ft2, ft0, ft1
  PUTF "1/3 with frm=rdn", ft2
  csrwi fcsr, 0
  fmv.d.x ft3, zero
  fdiv.d ft2, ft0, ft3
  PUTCSR "fflags after 1/0 (DZ)", fflags
  fdiv.d ft2, ft3, ft3
  PUTCSR "fflags after 0/0 (NV|DZ)", fflags
  csrwi fcsr, 0

  /* Counters: readable from user mode, and monotonic. */
  rdcycle t1
  rdtime t2
  rdinstret t3
  li t4, 1000
1:
  addi t4, t4, -1
  bnez t4, 1b
  rdcycle t4
  rdtime t5
  rdinstret t6
  sltu t0, t4, t1
  xori t0, t0, 1
  PUT "cycle non-decreasing", t0
  sltu t0, t5, t2
  xori t0, t0, 1
  PUT "time non-decreasing", t0
  sltu t0, t3, t6
  PUT "instret increased", t0
TEST_END
