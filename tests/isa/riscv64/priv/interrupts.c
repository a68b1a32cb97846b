/* Interrupts (Priv 1.12, 3.1.9, 3.3.3, 4.1.3): CLINT software and timer interrupts in M-mode,
   direct and vectored mtvec/stvec, delegation to S through mideleg, the rule that lower modes
   always take M-level interrupts, and the priority order when several are pending. */
#include "runtime.h"

#define MIP(irq) (1ul << (irq))

static void print_interrupt(const char* name, volatile struct trap_record* t, int arrived) {
  print(name);
  print(":");
  if (!arrived) {
    print(" no interrupt\n");
    return;
  }
  print_field("cause", t->cause);
  print_field("vector", t->vector);
  print_field("count", t->count);
  print("\n");
}

static void print_order(const char* name, volatile struct trap_record* t) {
  print(name);
  print(":");
  for (u64 i = 0; i < t->count && i < 8; i++) print_field("cause", t->causes[i] & 0xff);
  print("\n");
}

static void machine_interrupts(void) {
  for (int vectored = 0; vectored < 2; vectored++) {
    csr_write(mtvec, (u64)m_trap_vector | vectored);
    csr_write(mie, MIP(IRQ_MSI) | MIP(IRQ_MTI));
    csr_set(mstatus, MSTATUS_MIE);
    trap_reset();
    *CLINT_MSIP = 1;
    print_interrupt(vectored ? "msip, vectored" : "msip", &m_traps, wait_traps(&m_traps, 1));
    trap_reset();
    timer_in(100);
    print_interrupt(vectored ? "mtimecmp, vectored" : "mtimecmp", &m_traps,
                    wait_traps(&m_traps, 1));
    trap_reset();
    asm volatile("ecall" ::: "memory");
    print_interrupt(vectored ? "ecall, vectored" : "ecall", &m_traps, 1);
    csr_clear(mstatus, MSTATUS_MIE);
  }
  csr_write(mtvec, (u64)m_trap_vector);
  csr_write(mie, 0);
}

/* S code: enables `enable` in sie and SIE, optionally raises SSIP itself, waits for n S traps. */
static volatile u64 s_enable, s_raise_ssip, s_wanted;

static u64 supervisor_wait(u64 vectored) {
  csr_write(stvec, (u64)s_trap_vector | vectored);
  csr_write(sie, s_enable);
  csr_set(sstatus, MSTATUS_SIE);
  if (s_raise_ssip) csr_set(sip, MIP(IRQ_SSI));
  u64 arrived = wait_traps(&s_traps, s_wanted);
  csr_clear(sstatus, MSTATUS_SIE);
  csr_write(stvec, (u64)s_trap_vector);
  return arrived;
}

static u64 run_supervisor_wait(u64 enable, int raise_ssip, u64 wanted, u64 vectored) {
  s_enable = enable;
  s_raise_ssip = raise_ssip;
  s_wanted = wanted;
  return run_in_mode(MODE_S, supervisor_wait, vectored, 0);
}

/* As OpenSBI does: the machine timer raises STIP for S-mode. */
static int timer_to_supervisor(struct trap_frame* f, u64 cause) {
  (void)f;
  if (cause != (CAUSE_INTERRUPT | IRQ_MTI)) return 0;
  *CLINT_MTIMECMP = ~0ul;
  csr_set(mip, MIP(IRQ_STI));
  return 1;
}

static void supervisor_interrupts(void) {
  csr_write(mideleg, MIP(IRQ_SSI) | MIP(IRQ_STI));
  trap_reset();
  u64 arrived = run_supervisor_wait(MIP(IRQ_SSI), 1, 1, 1);
  print_interrupt("SSI delegated, stvec vectored", &s_traps, arrived);
  REPORT("  SSI", "SPP", s_traps.prev_mode, "SPIE", s_traps.prev_ie, "M traps", m_traps.count);

  trap_reset();
  m_trap_hook = timer_to_supervisor;
  csr_write(mie, MIP(IRQ_MTI));
  timer_in(100);
  arrived = run_supervisor_wait(MIP(IRQ_STI), 0, 1, 0);
  m_trap_hook = 0;
  print_interrupt("STI raised by the M timer handler", &s_traps, arrived);
  print_order("  M traps before it", &m_traps);
  csr_clear(mip, MIP(IRQ_STI));

  /* Not delegated: taken in M from S although mstatus.MIE = 0 (3.1.6.1). */
  csr_write(mideleg, 0);
  csr_write(mie, MIP(IRQ_STI));
  csr_set(mip, MIP(IRQ_STI));
  trap_reset();
  run_supervisor_wait(0, 0, 0, 0);
  print_interrupt("STI not delegated, in S with MIE=0", &m_traps, m_traps.count != 0);
  REPORT("  STI", "MPP", m_traps.prev_mode);

  /* Delegated and pending in M-mode: masked until the hart is in S (3.1.9). */
  csr_write(mideleg, MIP(IRQ_SSI));
  csr_write(mie, MIP(IRQ_SSI));
  csr_set(mstatus, MSTATUS_SIE | MSTATUS_MIE);
  trap_reset();
  csr_set(mip, MIP(IRQ_SSI));
  for (volatile int i = 0; i < 1000; i++) {
  }
  REPORT("SSI delegated, pending in M", "traps", m_traps.count + s_traps.count);
  csr_clear(mstatus, MSTATUS_MIE);
  arrived = run_supervisor_wait(MIP(IRQ_SSI), 0, 1, 0);
  print_interrupt("  then in S", &s_traps, arrived);
  csr_write(mideleg, 0);
  csr_write(mie, 0);
}

/* Several pending at once are taken MEI, MSI, MTI, SEI, SSI, STI (3.1.9); the handlers clear
   each. Only pairs of the same level: QEMU 7.2 without AIA takes the lowest-numbered M-target
   interrupt first (SSI before MSI), against the spec, so that order is not an oracle. */
static void pending_in_m(const char* name, u64 irqs) {
  trap_reset();
  if (irqs & MIP(IRQ_MSI)) *CLINT_MSIP = 1;
  if (irqs & MIP(IRQ_MTI)) *CLINT_MTIMECMP = 0;
  csr_set(mip, irqs & (MIP(IRQ_SSI) | MIP(IRQ_STI)));
  csr_write(mie, irqs);
  csr_set(mstatus, MSTATUS_MIE);
  wait_traps(&m_traps, 2);
  csr_clear(mstatus, MSTATUS_MIE);
  print_order(name, &m_traps);
}

static void priorities(void) {
  pending_in_m("priority in M, MTI and MSI", MIP(IRQ_MSI) | MIP(IRQ_MTI));
  pending_in_m("priority in M, STI and SSI", MIP(IRQ_SSI) | MIP(IRQ_STI));

  /* From S: the M-level one first (to M), then SSI before STI (to S). */
  csr_write(mideleg, MIP(IRQ_SSI) | MIP(IRQ_STI));
  trap_reset();
  *CLINT_MSIP = 1;
  csr_set(mip, MIP(IRQ_SSI) | MIP(IRQ_STI));
  csr_write(mie, MIP(IRQ_MSI));
  u64 arrived = run_supervisor_wait(MIP(IRQ_SSI) | MIP(IRQ_STI), 0, 2, 0);
  print_order("priority from S, M traps", &m_traps);
  print_order("priority from S, S traps", &s_traps);
  if (!arrived) print("  S interrupts missing\n");
  csr_clear(mip, MIP(IRQ_STI));
  csr_write(mideleg, 0);
  csr_write(mie, 0);
}

/* S-level interrupts wait in S while SIE = 0, but are taken in U whatever SIE says (3.1.6.1:
   interrupts of a more privileged mode are always enabled). */
static u64 spin(u64 arg) {
  for (volatile int i = 0; i < 1000; i++) {
  }
  return arg;
}

static u64 wait_in_user(u64 arg) {
  return wait_traps(&s_traps, arg);
}

static void lower_mode_enables(void) {
  csr_write(mideleg, MIP(IRQ_SSI));
  csr_write(mie, MIP(IRQ_SSI));
  csr_clear(mstatus, MSTATUS_SIE);
  csr_set(mip, MIP(IRQ_SSI));
  run_fresh(MODE_S, spin, 0);
  REPORT("SSI delegated, in S with SIE=0", "traps", m_traps.count + s_traps.count);
  u64 arrived = run_fresh(MODE_U, wait_in_user, 1);
  print_interrupt("SSI delegated, in U with SIE=0", &s_traps, arrived);
  REPORT("  SSI", "SPP", s_traps.prev_mode, "SPIE", s_traps.prev_ie);
  csr_write(mideleg, 0);
  csr_write(mie, 0);
}

int main(void) {
  pmp_open_all();
  *CLINT_MTIMECMP = ~0ul;
  machine_interrupts();
  supervisor_interrupts();
  lower_mode_enables();
  priorities();
  return 0;
}
