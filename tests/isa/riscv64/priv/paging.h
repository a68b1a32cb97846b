/* Page-table checks shared by the Sv39 and Sv48 programs (paging.c). */
#ifndef POLYVM_TESTS_ISA_RISCV64_PRIV_PAGING_H
#define POLYVM_TESTS_ISA_RISCV64_PRIV_PAGING_H

#include "runtime.h"

/* Two data pages the checks map; programs may reuse them. */
extern u64 page_a[512], page_b[512];

/* Adds mappings below 4 GiB to pt (fresh from pt_init), runs every check from S-mode, and turns
   translation off again. */
void paging_checks(struct page_table* pt);

#endif
