/* Counter CSRs (Priv 1.12, 3.1.10-3.1.12, 4.1.5; Zicntr): cycle, time and instret are gated for
   S by mcounteren and for U by mcounteren and scounteren; minstret and mcycle are writable.
   Only whether an access traps is printed, and counter values only as comparisons. */
#include "runtime.h"

#define CY 1ul
#define TM 2ul
#define IR 4ul

INSN(read_cycle, "rdcycle t0")
INSN(read_time, "rdtime t0")
INSN(read_instret, "rdinstret t0")

/* Prints only whether each read trapped: the values are not the point. */
static void reads(const char* who, enum mode mode) {
  static const struct {
    const char* name;
    u64 (*fn)(u64);
  } counters[] = {{"cycle", read_cycle}, {"time", read_time}, {"instret", read_instret}};
  print(who);
  print(":");
  for (int i = 0; i < 3; i++) {
    trap_reset();
    run_in_mode(mode, counters[i].fn, 0, 0);
    print(" ");
    print(counters[i].name);
    print(m_traps.count ? "=trap" : "=read");
    if (m_traps.count && m_traps.cause != CAUSE_ILLEGAL) print_field("cause", m_traps.cause);
  }
  print("\n");
}

static void gating(void) {
  static const struct {
    const char* name;
    u64 m, s;
  } settings[] = {
      {"mcounteren=0 scounteren=0", 0, 0},
      {"mcounteren=CY|TM|IR scounteren=0", CY | TM | IR, 0},
      {"mcounteren=CY|TM|IR scounteren=CY|TM|IR", CY | TM | IR, CY | TM | IR},
      {"mcounteren=CY scounteren=CY|TM|IR", CY, CY | TM | IR},
      {"mcounteren=TM|IR scounteren=IR", TM | IR, IR},
  };
  for (u64 i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
    csr_write(mcounteren, settings[i].m);
    csr_write(scounteren, settings[i].s);
    print(settings[i].name);
    print("\n");
    reads("  S", MODE_S);
    reads("  U", MODE_U);
  }
}

/* The counters count up from what M-mode writes (3.1.11). */
static void writable(void) {
  csr_write(minstret, 1000000);
  u64 instret = csr_read(minstret);
  csr_write(mcycle, 1000000);
  u64 cycle = csr_read(mcycle);
  print("written 1000000:");
  print_check("minstret", instret >= 1000000 && instret < 2000000000ul);
  print_check("mcycle", cycle >= 1000000 && cycle < 2000000000ul);
  print_check("instret = minstret", csr_read(instret) >= instret);
  print("\n");
}

int main(void) {
  pmp_open_all();
  reads("M", MODE_M);
  gating();
  writable();
  return 0;
}
