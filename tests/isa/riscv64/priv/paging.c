/* Page-table checks common to Sv39 and Sv48 (Priv 1.12, 4.3.1-4.3.2, 4.4-4.5), run from S-mode
   with page faults going to M: leaves at each level shared by both, misaligned superpages, the
   reserved and invalid PTE encodings, R/W/X permissions, and sfence.vma after a PTE change. */
#include "paging.h"

u64 page_a[512] __attribute__((aligned(4096)));
u64 page_b[512] __attribute__((aligned(4096)));

/* Physical memory the image does not use, 2 MiB aligned. */
#define SCRATCH_2M 0x80400000ul

static void leaves(struct page_table* pt) {
  page_a[1] = 0x1111;
  pt_map(pt, 0x10000000, (u64)page_a, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, 0x00200000, SCRATCH_2M, 1, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, 0x40000000, IMAGE_START, 2, PTE_R | PTE_A);
  pt_activate(pt);
  *(volatile u64*)(SCRATCH_2M + 0x1ff008) = 0x2222;
  probe("4 KiB page, load", MODE_S, ACCESS_LOAD, 0x10000008);
  probe("4 KiB page, store", MODE_S, ACCESS_STORE, 0x10000010);
  probe("4 KiB page, amoadd.d", MODE_S, ACCESS_AMO, 0x10000010);
  REPORT("  memory after the store and the AMO", "value", page_a[2]);
  probe("2 MiB page, load", MODE_S, ACCESS_LOAD, 0x00200000 + 0x1ff008);
  probe("1 GiB page, load", MODE_S, ACCESS_LOAD, 0x40000000 + ((u64)&page_a[1] - IMAGE_START));
  probe("1 GiB read-only page, store", MODE_S, ACCESS_STORE, 0x40000000 + 0x1000);
}

/* A superpage whose physical page number is not aligned to its size faults (4.3.2 step 6). */
static void misaligned_superpages(struct page_table* pt) {
  pt_map(pt, 0x00600000, SCRATCH_2M + 0x1000, 1, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, 0x100000000, SCRATCH_2M, 2, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_activate(pt);
  probe("misaligned 2 MiB page, load", MODE_S, ACCESS_LOAD, 0x00600008);
  probe("misaligned 1 GiB page, store", MODE_S, ACCESS_STORE, 0x100000010);
}

static void encodings(struct page_table* pt) {
  pt_map(pt, 0x10002000, (u64)page_b, 0, PTE_W | PTE_A | PTE_D); /* W without R: reserved */
  pt_map(pt, 0x10003000, (u64)page_b, 0, PTE_R | PTE_A);
  pt_map(pt, 0x10004000, (u64)probe_target, 0, PTE_R | PTE_X | PTE_A);
  pt_map(pt, 0x10005000, (u64)probe_target, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, 0x10006000, (u64)page_b, 0, 0)[0] = PTE_V; /* a pointer at the last level */
  pt_map(pt, 0x10007000, (u64)probe_target, 0, PTE_X | PTE_A);
  pt_activate(pt);
  page_b[0] = 0xbbbb;
  probe("unmapped, load", MODE_S, ACCESS_LOAD, 0x10001008);
  probe("unmapped, store", MODE_S, ACCESS_STORE, 0x10001010);
  probe("unmapped, fetch", MODE_S, ACCESS_FETCH, 0x10001000);
  probe("W without R, load", MODE_S, ACCESS_LOAD, 0x10002000);
  probe("W without R, store", MODE_S, ACCESS_STORE, 0x10002000);
  probe("read-only, load", MODE_S, ACCESS_LOAD, 0x10003000);
  probe("read-only, store", MODE_S, ACCESS_STORE, 0x10003000);
  probe("read-only, fetch", MODE_S, ACCESS_FETCH, 0x10003000);
  probe("read-only, amoadd.d", MODE_S, ACCESS_AMO, 0x10003000);
  probe("RX, fetch", MODE_S, ACCESS_FETCH, 0x10004000);
  probe("RX, store", MODE_S, ACCESS_STORE, 0x10004000);
  probe("RW, fetch", MODE_S, ACCESS_FETCH, 0x10005000);
  probe("pointer PTE at level 0, load", MODE_S, ACCESS_LOAD, 0x10006000);
  probe("execute-only, fetch", MODE_S, ACCESS_FETCH, 0x10007000);
  probe("execute-only, load", MODE_S, ACCESS_LOAD, 0x10007000);
  /* Not an AMO on an unreadable page: it must raise a store/AMO page fault (15), QEMU 7.2 raises
     a load page fault (13). */
}

/* 4.2.1: after sfence.vma (all, or that address) the hart sees a changed PTE. */
static void sfence(struct page_table* pt) {
  page_a[0] = 0xaaaa;
  page_b[0] = 0xbbbb;
  u64* pte = pt_map(pt, 0x10008000, (u64)page_a, 0, PTE_R | PTE_A);
  pt_activate(pt);
  probe("sfence: before the change", MODE_S, ACCESS_LOAD, 0x10008000);
  *pte = (((u64)page_b >> 12) << 10) | PTE_R | PTE_A | PTE_V;
  asm volatile("sfence.vma" ::: "memory");
  probe("  after sfence.vma", MODE_S, ACCESS_LOAD, 0x10008000);
  *pte = (((u64)page_a >> 12) << 10) | PTE_R | PTE_A | PTE_V;
  asm volatile("sfence.vma %0, zero" ::"r"(0x10008000ul) : "memory");
  probe("  after sfence.vma va", MODE_S, ACCESS_LOAD, 0x10008000);
  *pte = 0;
  asm volatile("sfence.vma %0, zero" ::"r"(0x10008000ul) : "memory");
  probe("  after clearing the PTE", MODE_S, ACCESS_LOAD, 0x10008000);
}

void paging_checks(struct page_table* pt) {
  pmp_open_all();
  leaves(pt);
  misaligned_superpages(pt);
  encodings(pt);
  sfence(pt);
  pt_activate(0);
}
