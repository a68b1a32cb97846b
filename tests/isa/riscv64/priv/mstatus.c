/* WARL fields of mstatus and friends (Priv 1.12, 3.1.1, 3.1.6, 3.1.14, 3.1.9, 4.1.1, 4.1.3):
   MPP and SPP keep only supported modes, FS drives SD and makes FP instructions illegal when Off,
   UXL/SXL read 64-bit, the xRET and trap side effects are in traps.c and delegation.c. */
#include "runtime.h"

#define MPP_SHIFT 11
#define FS_SHIFT 13

static u64 field(u64 value, int shift, u64 mask) {
  return (value >> shift) & mask;
}

/* Writes each supported mode to MPP and reads it back (3.1.6.1: how software finds the modes).
   Not 2: MPP "can hold only" implemented modes, but QEMU 7.2 keeps the reserved 2, so it is no
   oracle there. */
static void mpp(void) {
  static const u64 modes[] = {MODE_U, MODE_S, MODE_M};
  print("MPP written:");
  for (int i = 0; i < 3; i++) {
    csr_clear(mstatus, MSTATUS_MPP);
    csr_set(mstatus, modes[i] << MPP_SHIFT);
    print(" ");
    print_hex(modes[i]);
    print("->");
    print_hex(field(csr_read(mstatus), MPP_SHIFT, 3));
  }
  print("\n");
  csr_clear(mstatus, MSTATUS_MPP);
}

INSN(fp_move, "fmv.x.d t0, ft0")
INSN(fp_write, "fmv.d.x ft0, t0")
INSN(fcsr_write, "csrw fcsr, zero")

static void fs_state(const char* name, u64 fs, u64 (*fn)(u64)) {
  csr_clear(mstatus, MSTATUS_FS);
  csr_set(mstatus, fs << FS_SHIFT);
  u64 before = csr_read(mstatus);
  trap_reset();
  fn(0);
  u64 after = csr_read(mstatus);
  REPORT(name, "SD before", before >> 63, "traps", m_traps.count, "cause", m_traps.cause,
         "FS after", field(after, FS_SHIFT, 3), "SD after", after >> 63);
}

/* FS: Off (0) makes FP instructions and fcsr illegal; writing FP state makes it Dirty (3), and
   SD = 1 exactly when FS (or XS, VS) is Dirty (3.1.6.6). */
static void floating_point(void) {
  fs_state("FS=Off, fmv.x.d", 0, fp_move);
  fs_state("FS=Off, csrw fcsr", 0, fcsr_write);
  fs_state("FS=Initial, fmv.x.d", 1, fp_move);
  fs_state("FS=Initial, fmv.d.x", 1, fp_write);
  fs_state("FS=Clean, csrw fcsr", 2, fcsr_write);
  fs_state("FS=Dirty, fmv.x.d", 3, fp_move);
  csr_clear(mstatus, MSTATUS_FS);
  csr_set(mstatus, 1ul << FS_SHIFT);
}

static void fixed_fields(void) {
  u64 s = csr_read(mstatus);
  REPORT("mstatus", "UXL", field(s, 32, 3), "SXL", field(s, 34, 3), "MBE", field(s, 37, 1), "SBE",
         field(s, 36, 1), "UBE", field(s, 6, 1));
  u64 misa = csr_read(misa);
  u64 letters = 0;
  for (const char* l = "IMAFDCSU"; *l; l++) letters |= misa & (1ul << (*l - 'A'));
  REPORT("misa", "MXL", misa >> 62, "IMAFDCSU", letters);
  /* sstatus is a view of mstatus: SIE set through it shows in mstatus. */
  csr_set(sstatus, MSTATUS_SIE);
  REPORT("sstatus.SIE=1", "mstatus.SIE", field(csr_read(mstatus), 1, 1));
  csr_clear(sstatus, MSTATUS_SIE);
}

/* The trap bits are writable: TVM, TW, TSR, MPRV, SUM, MXR read back what M-mode wrote. */
static void writable_fields(void) {
  u64 bits = MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR |
             MSTATUS_SPP;
  csr_set(mstatus, bits);
  u64 set = csr_read(mstatus) & bits;
  csr_clear(mstatus, bits);
  REPORT("TVM|TW|TSR|MPRV|SUM|MXR|SPP set", "read", set, "then cleared", csr_read(mstatus) & bits);
}

/* mtvec keeps modes 0 (direct) and 1 (vectored) (3.1.7). Not mepc/sepc: their bit 0 is always
   zero (3.1.14), but QEMU 7.2 reads back what was written. */
static void tvec_mode(void) {
  u64 old_mtvec = csr_read(mtvec);
  csr_write(mtvec, old_mtvec | 1);
  u64 vectored = csr_read(mtvec);
  csr_write(mtvec, old_mtvec);
  REPORT("mtvec mode 1", "mode", vectored & 3);
}

/* mip: M-mode may write SSIP, STIP, SEIP; MSIP and MTIP are read-only (3.1.9). */
static void interrupt_pending(void) {
  *CLINT_MTIMECMP = ~0ul;
  csr_write(mie, 0);
  csr_set(mip, 0xaaaul);
  u64 pending = csr_read(mip) & 0xaaaul;
  csr_clear(mip, 0xaaaul);
  REPORT("mip written 0xaaa", "read", pending, "then cleared", csr_read(mip) & 0xaaaul);
}

/* sstatus, sie and sip are views (4.1.1, 4.1.3): M-only bits cannot be set through sstatus;
   sie/sip show only what mideleg delegates. */
static void supervisor_views(void) {
  u64 before = csr_read(mstatus);
  csr_set(sstatus, MSTATUS_MPP | MSTATUS_MIE | MSTATUS_MPRV | MSTATUS_TVM);
  REPORT("sstatus set MPP|MIE|MPRV|TVM", "mstatus changed", csr_read(mstatus) ^ before);
  csr_write(mideleg, 0);
  csr_write(sie, 0x222);
  REPORT("mideleg=0, sie written 0x222", "sie", csr_read(sie), "mie", csr_read(mie));
  csr_write(mideleg, 0x222);
  csr_write(sie, 0x222);
  REPORT("mideleg=0x222, sie written 0x222", "sie", csr_read(sie), "mie", csr_read(mie));
  csr_write(mie, 0xaaa);
  REPORT("mie written 0xaaa", "sie", csr_read(sie), "mie", csr_read(mie));
  csr_write(mie, 0);
  csr_set(mip, 1ul << IRQ_SSI);
  u64 delegated = csr_read(sip);
  csr_write(mideleg, 0);
  REPORT("mip.SSIP=1", "sip delegated", delegated, "sip not delegated", csr_read(sip));
  csr_clear(mip, 1ul << IRQ_SSI);
}

int main(void) {
  mpp();
  floating_point();
  fixed_fields();
  writable_fields();
  tvec_mode();
  interrupt_pending();
  supervisor_views();
  return 0;
}
