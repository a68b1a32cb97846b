/* Sv48 (Priv 1.12, 4.5): the common paging checks with four levels, 512 GiB pages, addresses
   beyond Sv39's reach, and Sv48's canonical form. */
#include "paging.h"

#define TERA 0x8000000000ul /* 512 GiB */

int main(void) {
  struct page_table pt;
  pt_init(&pt, 4);
  paging_checks(&pt);

  page_a[3] = 0x3333;
  pt_map(&pt, TERA, 0, 3, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(&pt, 2 * TERA, IMAGE_START, 3, PTE_R | PTE_A); /* physical address not 512 GiB aligned */
  pt_map(&pt, 3 * TERA, (u64)page_a, 0, PTE_R | PTE_A); /* bits 39, 40: not Sv39 */
  pt_activate(&pt);
  probe("512 GiB page, load", MODE_S, ACCESS_LOAD, TERA + (u64)&page_a[3]);
  probe("misaligned 512 GiB page, load", MODE_S, ACCESS_LOAD, 2 * TERA + 8);
  probe("4 KiB page at 1.5 TiB, load", MODE_S, ACCESS_LOAD, 3 * TERA + 0x18);

  /* Bits 63..48 must all equal bit 47 (4.5.1). */
  probe("non-canonical, load", MODE_S, ACCESS_LOAD, 0x0000800000000000ul);
  probe("non-canonical, store", MODE_S, ACCESS_STORE, 0xffff000000000000ul);
  probe("canonical high, unmapped, load", MODE_S, ACCESS_LOAD, 0xffff800000000000ul);

  /* satp.MODE keeps what the hart supports (4.1.11): Sv48 here; a reserved mode leaves it as is. */
  csr_write(satp, SATP_SV48 | ((u64)pt.root >> 12));
  csr_write(satp, (15ul << 60) | ((u64)pt.root >> 12));
  REPORT("satp after writing mode 15", "mode", csr_read(satp) >> 60);
  pt_activate(0);
  return 0;
}
