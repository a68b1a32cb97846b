/* M-mode exceptions (Priv 1.12, 3.1.6.1, 3.1.14-3.1.16, 3.3): causes, mtval and mepc; the
   MIE/MPIE/MPP stack on trap entry and mret; mret into S and U. */
#include "runtime.h"

/* 0x40000000: nothing on the spike board's bus there. */
#define NO_DEVICE "0x40000000"

static u64 ecall_here(u64 arg) {
  register u64 a7 asm("a7") = 0;
  asm volatile("ecall" ::"r"(a7) : "memory");
  return arg + 1;
}

static u64 read_sstatus(u64 arg) {
  (void)arg;
  return csr_read(sstatus) & MSTATUS_SPP;
}

static void exceptions(void) {
  EXPECT_TRAP("illegal csrrw cycle", m_traps, "", ".4byte 0xc0001073");
  EXPECT_TRAP("illegal c.unimp", m_traps, "", ".2byte 0x0000");
  EXPECT_TRAP("illegal custom-0", m_traps, "", ".4byte 0x0000500b");
  EXPECT_TRAP("illegal mret with reserved funct", m_traps, "", ".4byte 0x30300073");
  EXPECT_TRAP("illegal c.lui x1, 0 (reserved)", m_traps, "", ".2byte 0x6081");
  EXPECT_TRAP("illegal c.addi16sp 0 (reserved)", m_traps, "", ".2byte 0x6101");
  EXPECT_TRAP("illegal c.jr x0 (reserved)", m_traps, "", ".2byte 0x8002");
  EXPECT_TRAP("illegal c.lwsp x0 (reserved)", m_traps, "", ".2byte 0x4002");
  EXPECT_TRAP("illegal fadd.d rm=5", m_traps, "", ".4byte 0x02005053");
  EXPECT_TRAP("illegal fadd.d rm=dyn, frm=5", m_traps, "csrwi frm, 5",
              ".4byte 0x02007053\ncsrwi frm, 0");
  EXPECT_TRAP("ecall from M", m_traps, "", "ecall");
  EXPECT_TRAP("load access fault", m_traps, "li t0, " NO_DEVICE, "ld t0, 0(t0)");
  EXPECT_TRAP("store access fault", m_traps, "li t0, " NO_DEVICE, "sd t0, 0(t0)");
}

/* mtval on a breakpoint is 0 or the address of the ebreak (3.1.16): print which. */
static void breakpoints(void) {
  const char* names[] = {"ebreak", "c.ebreak"};
  for (int i = 0; i < 2; i++) {
    u64 pc;
    trap_reset();
    if (i == 0)
      asm volatile("lla %0, 1f\n1: ebreak" : "=&r"(pc)::"memory");
    else
      asm volatile("lla %0, 1f\n1: .2byte 0x9002" : "=&r"(pc)::"memory");
    print(names[i]);
    print(":");
    print_field("cause", m_traps.cause);
    print_check("tval 0 or epc", m_traps.tval == 0 || m_traps.tval == pc);
    print_check("epc", m_traps.epc == pc);
    print("\n");
  }
}

static void fetch_access_fault(void) {
  trap_reset();
  ((void (*)(void))0x40000000ul)();
  print("fetch access fault:");
  print_field("cause", m_traps.cause);
  print_field("tval", m_traps.tval);
  print_check("epc", m_traps.epc == 0x40000000ul);
  print("\n");
}

/* Trap entry saves MIE in MPIE and the mode in MPP, and clears MIE; mret undoes it and leaves
   MPP = U, MPIE = 1 (3.1.6.1). No interrupt is enabled in mie, so MIE = 1 is harmless. */
static void status_stack(void) {
  csr_write(mie, 0);
  csr_set(mstatus, MSTATUS_MIE);
  trap_reset();
  asm volatile("ecall" ::: "memory");
  u64 after = csr_read(mstatus);
  REPORT("ecall with MIE=1", "MPIE seen", m_traps.prev_ie, "MPP seen", m_traps.prev_mode,
         "MIE after mret", (after >> 3) & 1, "MPIE after mret", (after >> 7) & 1, "MPP after mret",
         (after >> 11) & 3);
  csr_clear(mstatus, MSTATUS_MIE);
}

static void lower_modes(void) {
  pmp_open_all();
  const char* names[] = {"ecall from U", "ecall from S"};
  for (int mode = MODE_U; mode <= MODE_S; mode++) {
    u64 r = run_fresh(mode, ecall_here, 41);
    REPORT(names[mode], "cause", m_traps.cause, "tval", m_traps.tval, "MPP", m_traps.prev_mode,
           "result", r);
  }
  u64 spp = run_fresh(MODE_S, read_sstatus, 0);
  REPORT("sstatus read in S", "traps", m_traps.count, "SPP", spp);
  run_fresh(MODE_U, read_sstatus, 0);
  REPORT("sstatus read in U", "cause", m_traps.cause, "MPP", m_traps.prev_mode);
}

int main(void) {
  exceptions();
  breakpoints();
  fetch_access_fault();
  status_stack();
  lower_modes();
  return 0;
}
