/* Page-table builder of the privileged-ISA tests (Priv 1.12, 4.3.1-4.5.1: Sv39 and Sv48 share
   the PTE format; each level indexes 9 bits of the virtual page number). */
#include "runtime.h"

#define POOL_PAGES 48

static u64 pool[POOL_PAGES][512] __attribute__((aligned(4096)));
static int pool_used;

static u64* new_table(void) {
  if (pool_used == POOL_PAGES) fail("page-table pool exhausted");
  u64* table = pool[pool_used++];
  for (int i = 0; i < 512; i++) table[i] = 0;
  return table;
}

/* The image mapped to itself (4 KiB pages, RWX, U on the .user pages) and the CLINT pages. */
static void pt_map_image(struct page_table* pt) {
  for (u64 a = IMAGE_START; a < (u64)__image_end; a += PAGE_SIZE) {
    u64 user = a >= (u64)__user_start && a < (u64)__user_end ? PTE_U : 0;
    pt_map(pt, a, a, 0, PTE_RWX | PTE_A | PTE_D | user);
  }
  /* The CLINT's msip and mtime pages, for wait_traps in S-mode. */
  pt_map(pt, (u64)CLINT_MSIP, (u64)CLINT_MSIP, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, (u64)CLINT_MTIME & ~(PAGE_SIZE - 1), (u64)CLINT_MTIME & ~(PAGE_SIZE - 1), 0,
         PTE_R | PTE_W | PTE_A | PTE_D);
}

void pt_init(struct page_table* pt, int levels) {
  pt->levels = levels;
  pt->root = new_table();
  pt_map_image(pt);
}

u64* pt_map(struct page_table* pt, u64 va, u64 pa, int level, u64 flags) {
  u64* table = pt->root;
  for (int l = pt->levels - 1;; l--) {
    u64* pte = &table[(va >> (12 + 9 * l)) & 511];
    if (l == level) {
      *pte = ((pa >> 12) << 10) | flags | PTE_V;
      return pte;
    }
    if (!(*pte & PTE_V)) *pte = (((u64)new_table() >> 12) << 10) | PTE_V;
    if (*pte & PTE_RWX) fail("pt_map: a leaf is in the way");
    table = (u64*)((*pte >> 10) << 12);
  }
}

u64 pt_satp(const struct page_table* pt) {
  return (pt->levels == 4 ? SATP_SV48 : SATP_SV39) | ((u64)pt->root >> 12);
}

void pt_activate(const struct page_table* pt) {
  csr_write(satp, pt ? pt_satp(pt) : 0);
  asm volatile("sfence.vma" ::: "memory");
}

/* The probes exist twice: U may only fetch from U pages, S never from them. */
#define PROBES(prefix, attributes)                                                             \
  static attributes u64 prefix##_load(u64 va) {                                                \
    return *(volatile u64*)va;                                                                 \
  }                                                                                            \
  static attributes u64 prefix##_store(u64 va) {                                               \
    *(volatile u64*)va = PROBE_STORED;                                                         \
    return PROBE_STORED;                                                                       \
  }                                                                                            \
  static attributes u64 prefix##_fetch(u64 va) {                                               \
    return ((u64(*)(void))va)();                                                               \
  }                                                                                            \
  static attributes u64 prefix##_amo(u64 va) {                                                 \
    u64 old;                                                                                   \
    asm volatile("amoadd.d %0, %1, (%2)" : "=r"(old) : "r"(1ul), "r"(va) : "memory");          \
    return old;                                                                                \
  }                                                                                            \
  static u64 (*const prefix##_probes[])(u64) = {prefix##_load, prefix##_store, prefix##_fetch, \
                                                prefix##_amo};

PROBES(s, __attribute__((noinline)))
PROBES(u, USER_TEXT)

void probe(const char* name, enum mode mode, enum access access, u64 va) {
  if (mode == MODE_U)
    run_and_report(name, mode, u_probes[access], va, USER_STACK_TOP);
  else
    run_and_report(name, mode, s_probes[access], va, 0);
}
