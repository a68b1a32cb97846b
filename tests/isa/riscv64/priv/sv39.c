/* Sv39 (Priv 1.12, 4.4): the common paging checks, non-canonical addresses, A/D updates, and page
   faults delegated to S. */
#include "paging.h"

/* QEMU 7.2 sets A and D in hardware; the spec also allows a page fault instead (4.3.1). */
static void accessed_dirty(struct page_table* pt) {
  u64* clean = pt_map(pt, 0x10010000, (u64)page_a, 0, PTE_R | PTE_W);
  u64* accessed = pt_map(pt, 0x10011000, (u64)page_a, 0, PTE_R | PTE_W | PTE_A);
  u64* amo = pt_map(pt, 0x10012000, (u64)page_a, 0, PTE_R | PTE_W);
  pt_activate(pt);
  probe("A=0 D=0, load", MODE_S, ACCESS_LOAD, 0x10010000);
  REPORT("  PTE", "A", IS_SET(*clean, PTE_A), "D", IS_SET(*clean, PTE_D));
  probe("  then store", MODE_S, ACCESS_STORE, 0x10010000);
  REPORT("  PTE", "A", IS_SET(*clean, PTE_A), "D", IS_SET(*clean, PTE_D));
  probe("A=1 D=0, store", MODE_S, ACCESS_STORE, 0x10011000);
  REPORT("  PTE", "A", IS_SET(*accessed, PTE_A), "D", IS_SET(*accessed, PTE_D));
  probe("A=0 D=0, amoadd.d", MODE_S, ACCESS_AMO, 0x10012000);
  REPORT("  PTE", "A", IS_SET(*amo, PTE_A), "D", IS_SET(*amo, PTE_D));
  /* Software cleans the page (D = 0, sfence.vma): the next store dirties it again. */
  *accessed &= ~PTE_D;
  asm volatile("sfence.vma" ::: "memory");
  probe("cleaned by software, load", MODE_S, ACCESS_LOAD, 0x10011000);
  REPORT("  PTE", "A", IS_SET(*accessed, PTE_A), "D", IS_SET(*accessed, PTE_D));
  probe("  then store", MODE_S, ACCESS_STORE, 0x10011000);
  REPORT("  PTE", "A", IS_SET(*accessed, PTE_A), "D", IS_SET(*accessed, PTE_D));
}

/* Two page tables mapping one address to different pages: after writing satp and sfence.vma,
   the hart uses the new one (4.1.11, 4.2.1). */
static void address_spaces(struct page_table* first) {
  struct page_table second;
  pt_init(&second, 3);
  page_a[5] = 0xaaaa5;
  page_b[5] = 0xbbbb5;
  pt_map(first, 0x10030000, (u64)page_a, 0, PTE_R | PTE_A);
  pt_map(&second, 0x10030000, (u64)page_b, 0, PTE_R | PTE_A);
  pt_activate(first);
  probe("first address space", MODE_S, ACCESS_LOAD, 0x10030028);
  pt_activate(&second);
  probe("second address space", MODE_S, ACCESS_LOAD, 0x10030028);
  pt_activate(first);
  probe("first again", MODE_S, ACCESS_LOAD, 0x10030028);
}

/* S-mode writes code through a writable alias of a page it runs through an executable mapping;
   after fence.i it runs the new code (unpriv. 5.1: Zifencei). */
static u32 jit[1024] __attribute__((aligned(4096)));

static u64 rewrite_and_run(u64 value) {
  volatile u32* alias = (volatile u32*)0x10041000;
  alias[0] = 0x00000513 | (u32)value << 20; /* addi a0, zero, value */
  alias[1] = 0x00008067;                    /* ret */
  asm volatile("fence.i" ::: "memory");
  return ((u64(*)(void))0x10040000)();
}

static void self_modifying(struct page_table* pt) {
  pt_map(pt, 0x10040000, (u64)jit, 0, PTE_R | PTE_X | PTE_A);
  pt_map(pt, 0x10041000, (u64)jit, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_activate(pt);
  run_and_report("code written through an alias, 0x11", MODE_S, rewrite_and_run, 0x11, 0);
  run_and_report("  rewritten, 0x22", MODE_S, rewrite_and_run, 0x22, 0);
}

/* A device through a page table: S-mode raises the machine software interrupt by storing to
   msip at a virtual address; the interrupt goes to M (M-level, taken from S). */
static u64 store_one(u64 va) {
  *(volatile u32*)va = 1;
  return wait_traps(&m_traps, 1);
}

static void device_through_translation(struct page_table* pt) {
  pt_map(pt, 0x30000000, (u64)CLINT_MSIP, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_activate(pt);
  csr_write(mie, 1ul << IRQ_MSI);
  u64 arrived = run_fresh(MODE_S, store_one, 0x30000000);
  csr_write(mie, 0);
  REPORT("msip stored through a page table", "arrived", arrived, "mcause", m_traps.cause, "MPP",
         m_traps.prev_mode, "msip now", (u64)*CLINT_MSIP);
}

/* Bits 63..39 must all equal bit 38 (4.4.1). */
static void canonical(void) {
  probe("non-canonical, load", MODE_S, ACCESS_LOAD, 0x0000008000000000ul);
  probe("non-canonical, store", MODE_S, ACCESS_STORE, 0xfffffe0000000000ul);
  probe("canonical high, unmapped, load", MODE_S, ACCESS_LOAD, 0xffffffc000000000ul);
}

static void delegated(void) {
  csr_write(medeleg,
            (1ul << CAUSE_FETCH_PAGE) | (1ul << CAUSE_LOAD_PAGE) | (1ul << CAUSE_STORE_PAGE));
  probe("delegated, load", MODE_S, ACCESS_LOAD, 0x10001000);
  probe("delegated, store", MODE_S, ACCESS_STORE, 0x10001000);
  probe("delegated, fetch", MODE_S, ACCESS_FETCH, 0x10001000);
  csr_write(medeleg, 0);
}

int main(void) {
  struct page_table pt;
  pt_init(&pt, 3);
  paging_checks(&pt);
  pt_activate(&pt);
  accessed_dirty(&pt);
  canonical();
  device_through_translation(&pt);
  address_spaces(&pt);
  self_modifying(&pt);
  delegated();
  pt_activate(0);
  return 0;
}
