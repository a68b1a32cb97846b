/* Physical memory protection (Priv 1.12, 3.7): S and U accesses are checked against the first
   matching entry (NAPOT here), M-mode accesses only against locked entries; a failed check is an
   access fault with mtval = the address. Entry 0 makes page_b read-only, entry 1 opens the rest. */
#include "paging.h"

#define PMP_R 0x01ul
#define PMP_W 0x02ul
#define PMP_X 0x04ul
#define PMP_NAPOT 0x18ul

/* pmpaddr for a naturally aligned power-of-two region (3.7.1.2: base >> 2 | (size/2 - 1) >> 2). */
static u64 napot(u64 base, u64 size) {
  return (base >> 2) | ((size / 2 - 1) >> 2);
}

int main(void) {
  page_b[0] = 0x0000806704200513ul; /* li a0, 0x42; ret: the fetch returns if not stopped */
  asm volatile("fence.i" ::: "memory");
  csr_write(pmpaddr0, napot((u64)page_b, PAGE_SIZE));
  csr_write(pmpaddr1, ~0ul >> 10);
  csr_write(pmpcfg0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 8 | (PMP_NAPOT | PMP_R));
  REPORT("pmpcfg0", "read", csr_read(pmpcfg0));
  probe("S load, R page", MODE_S, ACCESS_LOAD, (u64)page_b);
  probe("S store, R page", MODE_S, ACCESS_STORE, (u64)page_b + 8);
  probe("S amoadd.d, R page", MODE_S, ACCESS_AMO, (u64)page_b + 16);
  probe("S fetch, R page", MODE_S, ACCESS_FETCH, (u64)page_b);
  probe("U store, R page", MODE_U, ACCESS_STORE, (u64)page_b + 8);
  probe("S store, open page", MODE_S, ACCESS_STORE, (u64)page_a);
  trap_reset();
  page_b[3] = 0x3333; /* M-mode: unlocked entries do not apply */
  REPORT("M store, R page", "traps", m_traps.count, "value", page_b[3]);

  /* Under translation the check applies to the physical address, also of the page walk. */
  struct page_table pt;
  pt_init(&pt, 3);
  pt_map(&pt, 0x10000000, (u64)page_b, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_activate(&pt);
  probe("S store through Sv39, R page", MODE_S, ACCESS_STORE, 0x10000008);
  probe("S load through Sv39, R page", MODE_S, ACCESS_LOAD, 0x10000000);
  pt_activate(0);
  return 0;
}
