/* Runtime of the bare-metal privileged-ISA tests (README.md): CSR access, HTIF output, traps
   recorded per mode, running code in S or U, the CLINT, and a page-table builder. */
#ifndef POLYVM_TESTS_ISA_RISCV64_PRIV_RUNTIME_H
#define POLYVM_TESTS_ISA_RISCV64_PRIV_RUNTIME_H

#include "frame.h"

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef long s64;

#define csr_read(csr)                                    \
  ({                                                     \
    u64 v_;                                              \
    asm volatile("csrr %0, " #csr : "=r"(v_)::"memory"); \
    v_;                                                  \
  })
#define csr_write(csr, v) asm volatile("csrw " #csr ", %0" ::"r"((u64)(v)) : "memory")
#define csr_set(csr, v) asm volatile("csrs " #csr ", %0" ::"r"((u64)(v)) : "memory")
#define csr_clear(csr, v) asm volatile("csrc " #csr ", %0" ::"r"((u64)(v)) : "memory")

/* Priv 1.12, 3.1.6: mstatus (sstatus is its S view). */
#define MSTATUS_SIE (1ul << 1)
#define MSTATUS_MIE (1ul << 3)
#define MSTATUS_SPIE (1ul << 5)
#define MSTATUS_MPIE (1ul << 7)
#define MSTATUS_SPP (1ul << 8)
#define MSTATUS_MPP (3ul << 11)
#define MSTATUS_FS (3ul << 13)
#define MSTATUS_MPRV (1ul << 17)
#define MSTATUS_SUM (1ul << 18)
#define MSTATUS_MXR (1ul << 19)
#define MSTATUS_TVM (1ul << 20)
#define MSTATUS_TW (1ul << 21)
#define MSTATUS_TSR (1ul << 22)
#define MSTATUS_SD (1ul << 63)

/* Priv 1.12, 3.1.15 (Table 3.6): mcause values. */
#define IRQ_SSI 1
#define IRQ_MSI 3
#define IRQ_STI 5
#define IRQ_MTI 7
#define CAUSE_INTERRUPT (1ul << 63)
#define CAUSE_FETCH_MISALIGNED 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_LOAD_MISALIGNED 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_STORE_MISALIGNED 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_ECALL_U 8
#define CAUSE_ECALL_S 9
#define CAUSE_ECALL_M 11
#define CAUSE_FETCH_PAGE 12
#define CAUSE_LOAD_PAGE 13
#define CAUSE_STORE_PAGE 15

enum mode { MODE_U = 0, MODE_S = 1, MODE_M = 3 };

/* ---- output (HTIF console) and exit ---- */
extern volatile u64 tohost, fromhost; /* found by the host through these symbol names */
void htif_putchar(char c);
void htif_exit(u64 status) __attribute__((noreturn));
void print(const char* s);
void print_hex(u64 v);                      /* 0x-prefixed, no leading zeros */
void print_field(const char* name, u64 v);  /* " name=0x..." */
void print_check(const char* name, int ok); /* " name=ok" or " name=BAD" */
/* One line "name: field=0x.. field=0x..": REPORT("x", "a", (u64)a, "b", (u64)b) (u64 values). */
void report(const char* name, ...);
#define REPORT(name, ...) report(name, __VA_ARGS__, (const char*)0)
/* 1 or 0 as a u64, for REPORT. */
#define IS_SET(value, mask) ((u64)(((value) & (mask)) != 0))
void fail(const char* why) __attribute__((noreturn)); /* prints why, exits 1 */

/* ---- traps ---- */
extern char m_trap_vector[], s_trap_vector[]; /* crt.S: mtvec/stvec; | 1 for vectored */

struct trap_frame {
  u64 x[32]; /* x[0]: vector entry number (crt.S) */
};

/* What the last trap into one mode saw; count and the cause list cover all since trap_reset. */
struct trap_record {
  u64 cause, tval, epc, vector;
  u64 prev_mode; /* mstatus.MPP, or sstatus.SPP for S */
  u64 prev_ie;   /* mstatus.MPIE, or sstatus.SPIE */
  u64 count;
  u64 causes[8];
};
extern volatile struct trap_record m_traps, s_traps;
void trap_reset(void);

/* Optional per-test handlers, called after the trap is recorded; returning non-zero means "done",
   zero lets the default run: an exception resumes at the next instruction (fetch faults return to
   ra: the tests reach bad code by calls), an interrupt has its source cleared (MSI: msip, MTI:
   mtimecmp, SSI/STI: the mip/sip bit, or in S sie.STIE since S cannot clear STIP). */
extern int (*m_trap_hook)(struct trap_frame* f, u64 cause);
extern int (*s_trap_hook)(struct trap_frame* f, u64 cause);

/* One line "name: cause=... tval=... epc=ok|BAD" about the last trap into m_traps or s_traps. */
void print_trap(const char* name, volatile struct trap_record* t, u64 expected_epc);

/* Runs fn(arg) in mode from M-mode (through mret, also for M) and returns its result; traps it
   takes on the way are handled as above. sp is its stack (0: below the caller's). */
u64 run_in_mode(enum mode mode, u64 (*fn)(u64), u64 arg, u64 sp);

/* run_in_mode from a clean trap record, then one line: "name: value=<result>" when nothing
   trapped, else the cause and tval of the last trap, from the mode that took it. */
void run_and_report(const char* name, enum mode mode, u64 (*fn)(u64), u64 arg, u64 sp);

/* INSN(fn, "insn"): defines u64 fn(u64 arg), which runs the instruction(s) with t0 = arg (no RVC)
   and returns t0 (say, what a CSR read gave): one instruction for run_and_report. */
#define INSN(fn, insn)                                                                             \
  static u64 fn(u64 arg) {                                                                         \
    register u64 t0 asm("t0") = arg;                                                               \
    asm volatile(".option push\n.option norvc\n" insn "\n.option pop" : "+r"(t0)::"t1", "memory"); \
    return t0;                                                                                     \
  }

/* trap_reset, then run_in_mode on the caller's stack. */
u64 run_fresh(enum mode mode, u64 (*fn)(u64), u64 arg);

/* A 2 KiB stack in the U-mode pages (link.ld .user), for U code under translation. */
extern u8 user_stack[2048];
#define USER_TEXT __attribute__((section(".user.text"), noinline))
#define USER_DATA __attribute__((section(".user.data")))
#define USER_STACK_TOP ((u64)user_stack + sizeof(user_stack))

/* Opens all of physical memory to S and U (pmpaddr0 = all, NAPOT RWX): without a PMP entry
   they could access nothing (Priv 1.12, 3.7.1). */
void pmp_open_all(void);

/* RUN_AT(pc, setup, insn): clears the trap records, runs setup, then the instruction(s) insn
   (strings; they may clobber t0 and t1; no RVC unless written as .2byte) and sets pc to the
   address of insn's first instruction. EXPECT_TRAP then prints the trap it caused in record. */
#define RUN_AT(pc, setup, insn)                                                                 \
  do {                                                                                          \
    trap_reset();                                                                               \
    asm volatile(".option push\n.option norvc\n" setup "\nlla %0, 1f\n1: " insn "\n.option pop" \
                 : "=&r"(pc)::"t0", "t1", "memory");                                            \
  } while (0)
#define EXPECT_TRAP(name, record, setup, insn) \
  do {                                         \
    u64 pc_;                                   \
    RUN_AT(pc_, setup, insn);                  \
    print_trap(name, &record, pc_);            \
  } while (0)

/* ---- CLINT (SiFive layout, as in Spike and QEMU) ---- */
#define CLINT_MSIP ((volatile u32*)0x02000000ul)
#define CLINT_MTIMECMP ((volatile u64*)0x02004000ul)
#define CLINT_MTIME ((volatile u64*)0x0200bff8ul)
/* Arms the machine timer `ticks` (10 MHz) from now. */
void timer_in(u64 ticks);
/* Spins until record counts n traps; 0 if that does not happen within 2 s (of mtime). */
int wait_traps(volatile struct trap_record* record, u64 n);

/* ---- page tables (Priv 1.12, 4.3-4.5) ---- */
#define PTE_V (1ul << 0)
#define PTE_R (1ul << 1)
#define PTE_W (1ul << 2)
#define PTE_X (1ul << 3)
#define PTE_U (1ul << 4)
#define PTE_G (1ul << 5)
#define PTE_A (1ul << 6)
#define PTE_D (1ul << 7)
#define PTE_RWX (PTE_R | PTE_W | PTE_X)
#define PTE_FLAGS 0x3fful
#define SATP_SV39 (8ul << 60)
#define SATP_SV48 (9ul << 60)
#define PAGE_SIZE 4096ul

extern u8 __user_start[], __user_end[], __image_end[];
#define IMAGE_START 0x80000000ul

/* A page table with `levels` levels (3: Sv39, 4: Sv48) built from a static pool of pages. */
struct page_table {
  u64* root;
  int levels;
};
/* Makes the root from the pool (tables are never freed), and maps the image to itself with 4 KiB
   pages (RWX|A|D, plus U on the .user pages) and the CLINT's msip and mtime pages (RW, for
   wait_traps in S-mode). */
void pt_init(struct page_table* pt, int levels);
/* Maps va -> pa with a leaf at `level` (0: 4 KiB, 1: 2 MiB, 2: 1 GiB, 3: 512 GiB); the leaf
   gets flags | V, the tables on the way are made as needed. Returns the leaf PTE. */
u64* pt_map(struct page_table* pt, u64 va, u64 pa, int level, u64 flags);
u64 pt_satp(const struct page_table* pt);
/* satp = pt (or 0) and sfence.vma. */
void pt_activate(const struct page_table* pt);

/* One access at va in mode (S or U) under the current satp, reported by run_and_report: a load
   (value= what it read), a store of PROBE_STORED (value= that), a call (value= the callee's
   a0), or an amoadd.d of 1 (value= the old word). */
enum access { ACCESS_LOAD, ACCESS_STORE, ACCESS_FETCH, ACCESS_AMO };
#define PROBE_STORED 0x5707edul /* cheap to build: U code cannot read constant pools */
void probe(const char* name, enum mode mode, enum access access, u64 va);
u64 probe_target(void); /* crt.S: returns 0x42; alone on its page */

#endif
