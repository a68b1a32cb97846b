/* Instructions that straddle two pages under Sv39 (Priv 1.12, 4.3.2: each part is translated;
   3.1.16: on a fault in the second part mepc points to the instruction, mtval to that part).
   The same code page is run under several mappings of the page after it, which an emulator that
   caches decoded instructions per page must notice, and the second half is rewritten
   (fence.i) and remapped (sfence.vma). */
#include "paging.h"

/* addi a0, zero, 0x42 (0x04200513) split over code[0]'s last halfword and code[1]'s first;
   code[2] holds another second half: addi a0, zero, 0x43. */
static u16 code[3][2048] __attribute__((aligned(4096)));

#define VA(n) (0x10020000ul + (n)*PAGE_SIZE)
#define ACROSS(n) (VA(n) + PAGE_SIZE - 2)

static void write_code(void) {
  code[0][2047] = 0x0513;
  code[1][0] = 0x0420;
  code[1][1] = 0x8082; /* c.jr ra */
  code[2][0] = 0x0430;
  code[2][1] = 0x8082;
  asm volatile("fence.i" ::: "memory");
}

static void report_epc(u64 expected) {
  print("  mepc:");
  print_check("at the instruction", m_traps.epc == expected);
  print("\n");
}

int main(void) {
  pmp_open_all();
  write_code();
  struct page_table pt;
  pt_init(&pt, 3);
  pt_map(&pt, VA(0), (u64)code[0], 0, PTE_R | PTE_X | PTE_A);
  u64* second = pt_map(&pt, VA(1), (u64)code[1], 0, PTE_R | PTE_X | PTE_A);
  pt_map(&pt, VA(2), (u64)code[0], 0, PTE_R | PTE_X | PTE_A); /* VA(3): unmapped */
  pt_map(&pt, VA(4), (u64)code[0], 0, PTE_R | PTE_X | PTE_A);
  pt_map(&pt, VA(5), (u64)code[1], 0, PTE_R | PTE_A);
  pt_activate(&pt);

  probe("across two pages", MODE_S, ACCESS_FETCH, ACROSS(0));
  probe("across, the next page unmapped", MODE_S, ACCESS_FETCH, ACROSS(2));
  report_epc(ACROSS(2));
  probe("across, the next page not executable", MODE_S, ACCESS_FETCH, ACROSS(4));
  report_epc(ACROSS(4));
  probe("across two pages again", MODE_S, ACCESS_FETCH, ACROSS(0));

  *second = (((u64)code[2] >> 12) << 10) | PTE_R | PTE_X | PTE_A | PTE_V;
  asm volatile("sfence.vma" ::: "memory");
  probe("across, the next page remapped", MODE_S, ACCESS_FETCH, ACROSS(0));
  code[2][0] = 0x0440; /* addi a0, zero, 0x44 */
  asm volatile("fence.i" ::: "memory");
  probe("across, the second half rewritten", MODE_S, ACCESS_FETCH, ACROSS(0));
  pt_activate(0);
  return 0;
}
