/* Exception delegation to S-mode (Priv 1.12, 3.1.8, 4.1.1, 4.1.7-4.1.9): medeleg's fixed bits,
   scause/sepc/stval and sstatus.SPP/SPIE on a delegated trap, what is never delegated, sret. */
#include "runtime.h"

#define DELEGATED                                                                \
  ((1ul << CAUSE_ILLEGAL) | (1ul << CAUSE_BREAKPOINT) | (1ul << CAUSE_ECALL_U) | \
   (1ul << CAUSE_LOAD_ACCESS))

static volatile u64 illegal_pc, ebreak_pc, sret_status;

static u64 user_illegal(u64 arg) {
  u64 pc;
  asm volatile("lla %0, 1f\n1: .4byte 0xc0101073" : "=&r"(pc)::"memory"); /* csrw time, x0 */
  illegal_pc = pc;
  return arg;
}

/* In S with SIE = 1 (sie = 0: nothing can interrupt): a breakpoint stays in S. */
static u64 supervisor_ebreak(u64 arg) {
  csr_set(sstatus, MSTATUS_SIE);
  u64 pc;
  asm volatile("lla %0, 1f\n1: ebreak" : "=&r"(pc)::"memory");
  ebreak_pc = pc;
  csr_clear(sstatus, MSTATUS_SIE);
  return arg;
}

/* ecall from U is delegated; ecall from S is not: it goes to M. */
static u64 ecall_zero(u64 arg) {
  register u64 a7 asm("a7") = 0;
  asm volatile("ecall" ::"r"(a7) : "memory");
  return arg;
}

/* sret to S itself with SPIE = 1, SIE = 0: afterwards SIE = 1, SPIE = 1, SPP = U (3.1.6.1). */
static u64 supervisor_sret(u64 arg) {
  csr_clear(sstatus, MSTATUS_SIE);
  csr_set(sstatus, MSTATUS_SPP | MSTATUS_SPIE);
  asm volatile("lla t0, 1f\ncsrw sepc, t0\nsret\n1:" ::: "t0", "memory");
  sret_status = csr_read(sstatus);
  csr_clear(sstatus, MSTATUS_SIE);
  return arg;
}

/* breakpoint: stval may be 0 or the address of the ebreak (3.1.16); print which. */
static void print_s_trap(const char* name, u64 expected_epc, int breakpoint) {
  print(name);
  print(":");
  print_field("scause", s_traps.cause);
  if (breakpoint)
    print_check("stval 0 or epc", s_traps.tval == 0 || s_traps.tval == expected_epc);
  else
    print_field("stval", s_traps.tval);
  print_check("sepc", s_traps.epc == expected_epc);
  print_field("SPP", s_traps.prev_mode);
  print_field("SPIE", s_traps.prev_ie);
  print_field("M traps", m_traps.count);
  print("\n");
}

int main(void) {
  pmp_open_all();
  csr_write(medeleg, ~0ul);
  print("medeleg all ones:");
  print_check("delegable", (csr_read(medeleg) & DELEGATED) == DELEGATED);
  print("\n");
  csr_write(medeleg, DELEGATED);

  run_fresh(MODE_U, user_illegal, 0);
  print_s_trap("illegal in U", illegal_pc, 0);
  run_fresh(MODE_U, ecall_zero, 0);
  REPORT("ecall in U", "scause", s_traps.cause, "SPP", s_traps.prev_mode, "M traps", m_traps.count);

  run_fresh(MODE_S, supervisor_ebreak, 0);
  print_s_trap("ebreak in S", ebreak_pc, 1);

  run_fresh(MODE_S, ecall_zero, 0);
  REPORT("ecall in S", "mcause", m_traps.cause, "MPP", m_traps.prev_mode, "S traps", s_traps.count);

  /* Traps taken in M-mode are never delegated (3.1.8). */
  EXPECT_TRAP("illegal in M", m_traps, "", ".4byte 0xc0101073");
  EXPECT_TRAP("load access fault in M", m_traps, "li t0, 0x40000000", "ld t0, 0(t0)");
  REPORT("S traps after M traps", "count", s_traps.count);

  run_fresh(MODE_S, supervisor_sret, 0);
  REPORT("sret", "SIE", (sret_status >> 1) & 1, "SPIE", (sret_status >> 5) & 1, "SPP",
         (sret_status >> 8) & 1, "traps", m_traps.count + s_traps.count);
  return 0;
}
