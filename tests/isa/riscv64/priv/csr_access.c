/* CSR access rules (Priv 1.12, 2.1, 3.1.6.5; Zicsr): writes to read-only CSRs, CSRs of a higher
   privilege, unallocated numbers, and the mstatus traps TVM (satp, sfence.vma) and TSR (sret);
   xRET from a lower mode. Each instruction runs in its mode and the trap (or none) is printed.
   Not here: csrrs of a read-only CSR with rs1 != x0 holding 0 is a write (Zicsr, Table 9.1) and
   should trap, but QEMU 7.2 lets it through, so it is no oracle for that case. */
#include "runtime.h"

INSN(write_mvendorid, "csrw mvendorid, zero")
INSN(write_mhartid, "csrw mhartid, t0")
INSN(set_mhartid_x0, "csrrs t0, mhartid, zero")
INSN(set_mhartid_imm0, "csrrsi t0, mhartid, 0")
INSN(write_cycle, "csrw cycle, t0")
INSN(read_unallocated, "csrr t0, 0x0ff")
INSN(read_mstatus, "csrr t0, mstatus")
INSN(write_mscratch, "csrw mscratch, t0")
INSN(read_mhartid, "csrr t0, mhartid")
INSN(read_medeleg, "csrr t0, medeleg")
INSN(read_sstatus, "csrr t0, sstatus")
INSN(write_sscratch, "csrw sscratch, t0")
INSN(read_satp, "csrr t0, satp")
INSN(write_stvec, "csrw stvec, t0")
INSN(sfence_vma, "sfence.vma")
INSN(mret, "mret")
INSN(sret_to_next, "li t1, 0x100\ncsrs sstatus, t1\nlla t1, 1f\ncsrw sepc, t1\nsret\n1:")
INSN(sret, "sret")
INSN(read_fcsr, "csrr t0, fcsr")

static const struct {
  const char* name;
  enum mode mode;
  u64 mstatus; /* bits set in mstatus for this case */
  u64 (*fn)(u64);
} cases[] = {
    {"M: csrw mvendorid", MODE_M, 0, write_mvendorid},
    {"M: csrw mhartid", MODE_M, 0, write_mhartid},
    {"M: csrrs mhartid, x0", MODE_M, 0, set_mhartid_x0},
    {"M: csrrsi mhartid, 0", MODE_M, 0, set_mhartid_imm0},
    {"M: csrw cycle", MODE_M, 0, write_cycle},
    {"M: csrr 0x0ff", MODE_M, 0, read_unallocated},
    {"S: csrr mstatus", MODE_S, 0, read_mstatus},
    {"S: csrw mscratch", MODE_S, 0, write_mscratch},
    {"S: csrr mhartid", MODE_S, 0, read_mhartid},
    {"S: csrr medeleg", MODE_S, 0, read_medeleg},
    {"S: csrr satp", MODE_S, 0, read_satp},
    {"S: mret", MODE_S, 0, mret},
    {"S, TVM=1: csrr satp", MODE_S, MSTATUS_TVM, read_satp},
    {"S, TVM=1: sfence.vma", MODE_S, MSTATUS_TVM, sfence_vma},
    {"S, TVM=0: sfence.vma", MODE_S, 0, sfence_vma},
    {"S, TSR=1: sret", MODE_S, MSTATUS_TSR, sret_to_next},
    {"S, TSR=0: sret", MODE_S, 0, sret_to_next},
    {"U: csrr sstatus", MODE_U, 0, read_sstatus},
    {"U: csrw sscratch", MODE_U, 0, write_sscratch},
    {"U: csrr satp", MODE_U, 0, read_satp},
    {"U: csrw stvec", MODE_U, 0, write_stvec},
    {"U: csrr mstatus", MODE_U, 0, read_mstatus},
    {"U: sfence.vma", MODE_U, 0, sfence_vma},
    {"U: sret", MODE_U, 0, sret},
    {"U: mret", MODE_U, 0, mret},
    {"U: csrr fcsr", MODE_U, 0, read_fcsr},
};

int main(void) {
  pmp_open_all();
  for (u64 i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    csr_set(mstatus, cases[i].mstatus);
    run_and_report(cases[i].name, cases[i].mode, cases[i].fn, 0, 0);
    csr_clear(mstatus, cases[i].mstatus);
  }
  /* sscratch is the S trap handler's stack pointer: put it back. */
  u64 trap_stack = csr_read(sscratch);
  run_and_report("S: csrw sscratch", MODE_S, write_sscratch, 7, 0);
  REPORT("  sscratch", "value", csr_read(sscratch));
  csr_write(sscratch, trap_stack);
  return 0;
}
