/* Page-sweep benchmark (issue 3, point 6): address translation under load. S-mode touches one
   word in each of 4096 distinct 4 KiB Sv39 pages, sweep after sweep, so that the emulator's
   TLB, not its interpreter, sets the pace. Built on the privileged-ISA test runtime
   (tests/isa/riscv64/priv) and run by bench/run_system. */
#include "runtime.h"

#define PAGES 4096
#define BASE_VA 0x100000000ul /* 4 GiB: far from the identity-mapped image */
#define BASE_PA 0x81000000ul  /* 16 MiB of RAM past the image */
#ifndef SWEEPS
#define SWEEPS 2000
#endif

/* Visits the pages in a scrambled order (2053 is odd, so i * 2053 mod 4096 is a permutation):
   each access is a load and a store to a different page from the one before. */
static u64 sweep(u64 sweeps) {
  u64 sum = 0;
  for (u64 s = 0; s < sweeps; s++) {
    for (u64 i = 0; i < PAGES; i++) {
      volatile u64* word =
          (volatile u64*)(BASE_VA + ((i * 2053) % PAGES) * PAGE_SIZE + (s % 8) * 8);
      u64 v = *word + i;
      *word = v;
      sum += v;
    }
  }
  return sum;
}

int main(void) {
  pmp_open_all();
  struct page_table pt;
  pt_init(&pt, 3);
  for (u64 i = 0; i < PAGES; i++) {
    pt_map(&pt, BASE_VA + i * PAGE_SIZE, BASE_PA + i * PAGE_SIZE, 0, PTE_R | PTE_W | PTE_A | PTE_D);
    for (int w = 0; w < 8; w++) ((volatile u64*)(BASE_PA + i * PAGE_SIZE))[w] = 0;
  }
  pt_activate(&pt);
  u64 sum = run_in_mode(MODE_S, sweep, SWEEPS, 0);
  pt_activate(0);
  REPORT("page_sweep", "pages", (u64)PAGES, "sweeps", (u64)SWEEPS, "checksum", sum);
  return 0;
}
