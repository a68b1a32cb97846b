/* mstatus.MPRV (Priv 1.12, 3.1.6.3): M-mode loads and stores translated and checked as if in
   mode MPP (with SUM and MXR), fetches not; MPP = M means no translation. Each access runs between
   setting and clearing MPRV with no other memory access in between (M-mode's own stack is not
   mapped for U). */
#include "paging.h"

#define USER_VA 0x10000000ul
#define SUPER_VA 0x10001000ul
#define XONLY_VA 0x10002000ul

/* One load or store at va with MPRV = 1 and MPP = mode; prints the value or M's trap. */
static void access(const char* name, enum mode mode, enum access kind, u64 va) {
  u64 value = 0;
  csr_clear(mstatus, MSTATUS_MPP);
  csr_set(mstatus, (u64)mode << 11);
  trap_reset();
  if (kind == ACCESS_LOAD)
    asm volatile("csrs mstatus, %2\nld %0, 0(%1)\ncsrc mstatus, %2"
                 : "+&r"(value)
                 : "r"(va), "r"(MSTATUS_MPRV)
                 : "memory");
  else
    asm volatile("csrs mstatus, %2\nsd %0, 0(%1)\ncsrc mstatus, %2" ::"r"(PROBE_STORED), "r"(va),
                 "r"(MSTATUS_MPRV)
                 : "memory");
  if (m_traps.count)
    REPORT(name, "mcause", m_traps.cause, "mtval", m_traps.tval, "MPP seen", m_traps.prev_mode);
  else
    REPORT(name, "value", kind == ACCESS_LOAD ? value : PROBE_STORED);
}

static u64 nothing(u64 arg) {
  return arg;
}

int main(void) {
  pmp_open_all();
  struct page_table pt;
  pt_init(&pt, 3);
  pt_map(&pt, USER_VA, (u64)page_a, 0, PTE_U | PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(&pt, SUPER_VA, (u64)page_b, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(&pt, XONLY_VA, (u64)page_b, 0, PTE_X | PTE_A);
  pt_activate(&pt);
  page_a[0] = 0xaaaa;
  page_b[0] = 0xbbbb;

  access("MPP=S, load S page", MODE_S, ACCESS_LOAD, SUPER_VA);
  access("MPP=S, store S page", MODE_S, ACCESS_STORE, SUPER_VA + 8);
  access("MPP=S, load U page, SUM=0", MODE_S, ACCESS_LOAD, USER_VA);
  access("MPP=S, load unmapped", MODE_S, ACCESS_LOAD, 0x10003000);
  access("MPP=S, load execute-only, MXR=0", MODE_S, ACCESS_LOAD, XONLY_VA);
  csr_set(mstatus, MSTATUS_SUM | MSTATUS_MXR);
  access("MPP=S, load U page, SUM=1", MODE_S, ACCESS_LOAD, USER_VA);
  access("MPP=S, load execute-only, MXR=1", MODE_S, ACCESS_LOAD, XONLY_VA);
  csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
  access("MPP=U, load U page", MODE_U, ACCESS_LOAD, USER_VA);
  access("MPP=U, store U page", MODE_U, ACCESS_STORE, USER_VA + 8);
  access("MPP=U, load S page", MODE_U, ACCESS_LOAD, SUPER_VA);
  access("MPP=M, load physical", MODE_M, ACCESS_LOAD, (u64)page_b);
  REPORT("memory after the stores", "page_a[1]", page_a[1], "page_b[1]", page_b[1]);

  /* An mret that stays in M keeps MPRV. One to S or U clears it (3.1.6.3), but QEMU 7.2 does
     not, so it is no oracle there. */
  csr_set(mstatus, MSTATUS_MPRV);
  run_fresh(MODE_M, nothing, 0);
  u64 after_m = csr_read(mstatus) & MSTATUS_MPRV;
  csr_clear(mstatus, MSTATUS_MPRV);
  REPORT("MPRV after mret to M", "MPRV", IS_SET(after_m, MSTATUS_MPRV));
  pt_activate(0);
  return 0;
}
