/* The accrued exception flags (unpriv. ISA 20191213, 11.2): each instruction ORs its flags into
   fflags, none clears them; fsflags/frflags/fsrm/frrm and fcsr show the same state. */
#include "fp_harness.h"

TEST_BEGIN
  csrwi fcsr, 0
  LOAD_S fa1, 0x3f800000
  LOAD_S fa2, 0x40400000
  LOAD_S fa3, 0x00000000
  LOAD_S fa4, 0x7f7fffff
  LOAD_S fa5, 0x7f800001
  fadd.s fa0, fa1, fa1
  PUTCSR "exact add", fflags
  fdiv.s fa0, fa1, fa2
  PUTCSR "after 1/3", fflags
  fdiv.s fa0, fa1, fa3
  PUTCSR "after 1/0", fflags
  fmul.s fa0, fa4, fa4
  PUTCSR "after max*max", fflags
  fadd.s fa0, fa1, fa1
  PUTCSR "exact add keeps the flags", fflags
  feq.s t0, fa5, fa1
  PUTCSR "after feq with sNaN", fflags
  csrw fflags, zero
  LOAD_S fa6, 0x00000001
  LOAD_S fa7, 0x3f000000
  fmul.s fa0, fa6, fa7
  PUTCSR "after tiny*0.5", fflags
  fsflags t0, zero
  PUT "fsflags old", t0
  frflags t0
  PUT "frflags", t0
  /* An instruction's static rounding mode does not change frm. */
  fsrmi t0, 2
  PUT "fsrmi old", t0
  fdiv.s fa0, fa1, fa2, rup
  PUTF "1/3 rup", fa0
  fdiv.s fa0, fa1, fa2
  PUTF "1/3 dyn (rdn)", fa0
  frrm t0
  PUT "frrm", t0
  PUTCSR "fcsr", fcsr
  /* Flags from fcvt and fmv: a move raises nothing. */
  csrwi fflags, 0
  fmv.x.w t0, fa5
  fmv.w.x fa0, t0
  PUTCSR "after moves of an sNaN", fflags
  fcvt.w.s t0, fa5
  PUTCSR "after fcvt.w.s of an sNaN", fflags
  fsgnj.s fa0, fa5, fa5
  fclass.s t0, fa5
  PUTCSR "sign injection and fclass keep the flags", fflags
TEST_END
