/* WFI (Priv 1.12, 3.3.3, 3.1.6.5): it returns once an interrupt enabled in mie is pending, even
   with MIE = 0; with MIE = 1 the trap is taken with mepc after the wfi; mstatus.TW and U-mode
   make it illegal (QEMU raises at once, which the spec allows). */
#include "runtime.h"

#define MTIP (1ul << IRQ_MTI)
#define WFI 0x10500073u
/* How far away the timer is armed for a wfi that must sleep: 10 ms, so it does not beat the wfi. */
#define LATER 100000

/* Should the interrupt come before the wfi after all (a busy host), it is taken at the wfi: skip
   that wfi rather than sleep forever. */
static int skip_early_wfi(struct trap_frame* f, u64 cause) {
  (void)f;
  if (!(cause & CAUSE_INTERRUPT)) return 0;
  u64 epc = csr_read(mepc);
  volatile u16* insn = (volatile u16*)epc;
  if ((insn[0] | (u32)insn[1] << 16) == WFI) csr_write(mepc, epc + 4);
  return 0;
}

static u64 wfi_here(u64 arg) {
  asm volatile("wfi" ::: "memory");
  return arg;
}

static void wake_with_mie_clear(void) {
  trap_reset();
  csr_write(mie, MTIP);
  timer_in(1000);
  asm volatile("wfi" ::: "memory");
  REPORT("wfi with MIE=0", "MTIP", IS_SET(csr_read(mip), MTIP), "traps", m_traps.count);
  csr_set(mstatus, MSTATUS_MIE);
  wait_traps(&m_traps, 1);
  csr_clear(mstatus, MSTATUS_MIE);
  REPORT("  then MIE=1", "cause", m_traps.cause);
}

/* Retried with a later timer if the interrupt beat the wfi (epc = the wfi itself). */
static void wake_with_mie_set(void) {
  u64 pc, after;
  for (int attempt = 0; attempt < 4; attempt++) {
    trap_reset();
    timer_in(LATER << attempt);
    asm volatile(
        "lla %0, 1f\nlla %1, 2f\ncsrs mstatus, %2\n"
        ".option push\n.option norvc\n1: wfi\n2:\n.option pop"
        : "=&r"(pc), "=&r"(after)
        : "r"(MSTATUS_MIE)
        : "memory");
    wait_traps(&m_traps, 1);
    csr_clear(mstatus, MSTATUS_MIE);
    if (m_traps.epc != pc) break;
  }
  print("wfi with MIE=1:");
  print_field("cause", m_traps.cause);
  print_check("epc after wfi", m_traps.epc == after);
  print("\n");
}

static void lower_modes(void) {
  pmp_open_all();
  run_fresh(MODE_U, wfi_here, 0);
  REPORT("wfi in U", "cause", m_traps.cause, "tval", m_traps.tval);
  csr_set(mstatus, MSTATUS_TW);
  run_fresh(MODE_S, wfi_here, 0);
  REPORT("wfi in S with TW=1", "cause", m_traps.cause, "tval", m_traps.tval);
  csr_clear(mstatus, MSTATUS_TW);

  /* TW = 0: S waits; the M timer interrupt wakes it (taken in M: lower mode). */
  timer_in(LATER);
  run_fresh(MODE_S, wfi_here, 0);
  REPORT("wfi in S with TW=0", "cause", m_traps.cause, "MPP", m_traps.prev_mode, "traps",
         m_traps.count);
}

int main(void) {
  *CLINT_MTIMECMP = ~0ul;
  m_trap_hook = skip_early_wfi;
  wake_with_mie_clear();
  wake_with_mie_set();
  lower_modes();
  return 0;
}
