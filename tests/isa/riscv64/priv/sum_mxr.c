/* PTE.U, mstatus.SUM and MXR (Priv 1.12, 4.3.1, 3.1.6.3): U-mode reaches only U pages; S-mode
   loads and stores to U pages fault unless SUM = 1, S never fetches from them; MXR makes
   execute-only pages readable. */
#include "paging.h"

#define USER_DATA_VA 0x10000000ul
#define SUPER_DATA_VA 0x10001000ul
#define USER_CODE_VA 0x10002000ul
#define USER_XONLY_VA 0x10003000ul
#define SUPER_XONLY_VA 0x10004000ul
#define SUPER_CODE_VA 0x10005000ul

static void map(struct page_table* pt) {
  pt_map(pt, USER_DATA_VA, (u64)page_a, 0, PTE_U | PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, SUPER_DATA_VA, (u64)page_b, 0, PTE_R | PTE_W | PTE_A | PTE_D);
  pt_map(pt, USER_CODE_VA, (u64)probe_target, 0, PTE_U | PTE_R | PTE_X | PTE_A);
  pt_map(pt, USER_XONLY_VA, (u64)probe_target, 0, PTE_U | PTE_X | PTE_A);
  pt_map(pt, SUPER_XONLY_VA, (u64)probe_target, 0, PTE_X | PTE_A);
  pt_map(pt, SUPER_CODE_VA, (u64)probe_target, 0, PTE_R | PTE_X | PTE_A);
  pt_activate(pt);
}

static void user_mode(void) {
  probe("U load, U page", MODE_U, ACCESS_LOAD, USER_DATA_VA);
  probe("U store, U page", MODE_U, ACCESS_STORE, USER_DATA_VA + 8);
  probe("U load, S page", MODE_U, ACCESS_LOAD, SUPER_DATA_VA);
  probe("U store, S page", MODE_U, ACCESS_STORE, SUPER_DATA_VA);
  probe("U fetch, U page", MODE_U, ACCESS_FETCH, USER_CODE_VA);
  probe("U fetch, S page", MODE_U, ACCESS_FETCH, SUPER_CODE_VA);
}

static void supervisor_mode(void) {
  csr_clear(mstatus, MSTATUS_SUM);
  probe("S load, U page, SUM=0", MODE_S, ACCESS_LOAD, USER_DATA_VA);
  probe("S store, U page, SUM=0", MODE_S, ACCESS_STORE, USER_DATA_VA);
  probe("S fetch, U page, SUM=0", MODE_S, ACCESS_FETCH, USER_CODE_VA);
  csr_set(mstatus, MSTATUS_SUM);
  probe("S load, U page, SUM=1", MODE_S, ACCESS_LOAD, USER_DATA_VA);
  probe("S store, U page, SUM=1", MODE_S, ACCESS_STORE, USER_DATA_VA + 16);
  probe("S fetch, U page, SUM=1", MODE_S, ACCESS_FETCH, USER_CODE_VA);
  probe("S fetch, S page, SUM=1", MODE_S, ACCESS_FETCH, SUPER_CODE_VA);
  csr_clear(mstatus, MSTATUS_SUM);
}

static void make_executable_readable(void) {
  probe("S load, execute-only, MXR=0", MODE_S, ACCESS_LOAD, SUPER_XONLY_VA);
  probe("U load, execute-only, MXR=0", MODE_U, ACCESS_LOAD, USER_XONLY_VA);
  csr_set(mstatus, MSTATUS_MXR);
  probe("S load, execute-only, MXR=1", MODE_S, ACCESS_LOAD, SUPER_XONLY_VA);
  probe("U load, execute-only, MXR=1", MODE_U, ACCESS_LOAD, USER_XONLY_VA);
  probe("S store, execute-only, MXR=1", MODE_S, ACCESS_STORE, SUPER_XONLY_VA);
  probe("S load, U execute-only, MXR=1 SUM=0", MODE_S, ACCESS_LOAD, USER_XONLY_VA);
  csr_set(mstatus, MSTATUS_SUM);
  probe("S load, U execute-only, MXR=1 SUM=1", MODE_S, ACCESS_LOAD, USER_XONLY_VA);
  csr_clear(mstatus, MSTATUS_MXR | MSTATUS_SUM);
}

int main(void) {
  pmp_open_all();
  struct page_table pt;
  pt_init(&pt, 3);
  page_a[0] = 0xaaaa;
  page_b[0] = 0xbbbb;
  map(&pt);
  user_mode();
  supervisor_mode();
  make_executable_readable();
  pt_activate(0);
  REPORT("page_a after the stores", "[1]", page_a[1], "[2]", page_a[2]);
  return 0;
}
