/* Runtime of the bare-metal privileged-ISA tests: HTIF console and exit, trap recording and
   default handling, and running code in a lower privilege mode. */
#include "runtime.h"

#include <stdarg.h>

/* HTIF (Spike's host-target interface): the host watches these two words. */
volatile u64 tohost __attribute__((section(".tohost"), aligned(64)));
volatile u64 fromhost __attribute__((section(".tohost"), aligned(64)));

static void htif_send(u64 command) {
  while (tohost != 0) {
  }
  tohost = command;
}

void htif_putchar(char c) {
  htif_send((1ul << 56) | (1ul << 48) | (u8)c); /* device 1 (console), command 1 (putchar) */
  while (fromhost == 0) {
  }
  fromhost = 0;
}

void htif_exit(u64 status) {
  for (;;) htif_send((status << 1) | 1);
}

void print(const char* s) {
  while (*s) htif_putchar(*s++);
}

void print_hex(u64 v) {
  char digits[16];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  print("0x");
  while (n) htif_putchar(digits[--n]);
}

void print_field(const char* name, u64 v) {
  print(" ");
  print(name);
  print("=");
  print_hex(v);
}

void print_check(const char* name, int ok) {
  print(" ");
  print(name);
  print(ok ? "=ok" : "=BAD");
}

void report(const char* name, ...) {
  va_list fields;
  va_start(fields, name);
  print(name);
  print(":");
  for (const char* field; (field = va_arg(fields, const char*));)
    print_field(field, va_arg(fields, u64));
  va_end(fields);
  print("\n");
}

void fail(const char* why) {
  print("FAIL: ");
  print(why);
  print("\n");
  htif_exit(1);
}

volatile struct trap_record m_traps, s_traps;
int (*m_trap_hook)(struct trap_frame* f, u64 cause);
int (*s_trap_hook)(struct trap_frame* f, u64 cause);

void trap_reset(void) {
  volatile struct trap_record* records[] = {&m_traps, &s_traps};
  for (int r = 0; r < 2; r++) {
    volatile u64* words = (volatile u64*)records[r];
    for (u64 i = 0; i < sizeof(struct trap_record) / 8; i++) words[i] = 0;
  }
}

void print_trap(const char* name, volatile struct trap_record* t, u64 expected_epc) {
  print(name);
  print(":");
  if (t->count == 0) {
    print(" no trap\n");
    return;
  }
  print_field("cause", t->cause);
  print_field("tval", t->tval);
  print_check("epc", t->epc == expected_epc);
  print("\n");
}

static void record(volatile struct trap_record* t, struct trap_frame* f, u64 cause, u64 tval,
                   u64 epc, u64 prev_mode, u64 prev_ie) {
  t->cause = cause;
  t->tval = tval;
  t->epc = epc;
  t->vector = f->x[0];
  t->prev_mode = prev_mode;
  t->prev_ie = prev_ie;
  if (t->count < 8) t->causes[t->count] = cause;
  t->count++;
}

/* Where an exception resumes: after the faulting instruction, or at ra for fetch faults. */
static u64 resume_pc(struct trap_frame* f, u64 cause, u64 epc) {
  if (cause == CAUSE_FETCH_MISALIGNED || cause == CAUSE_FETCH_ACCESS || cause == CAUSE_FETCH_PAGE)
    return f->x[1];
  return epc + ((*(volatile u16*)epc & 3) == 3 ? 4 : 2);
}

static struct { u64 ra, sp, s[12]; } return_context;
static u64 return_value;
u64 context_save(void* c);
void context_restore(void* c) __attribute__((noreturn));
void enter_mode(u64 (*fn)(u64), u64 arg, u64 mpp, u64 sp) __attribute__((noreturn));

u64 run_in_mode(enum mode mode, u64 (*fn)(u64), u64 arg, u64 sp) {
  if (sp == 0) {
    asm volatile("mv %0, sp" : "=r"(sp));
    sp = (sp - 512) & ~15ul;
  }
  if (context_save(&return_context) == 0) enter_mode(fn, arg, mode, sp);
  return return_value;
}

void run_and_report(const char* name, enum mode mode, u64 (*fn)(u64), u64 arg, u64 sp) {
  trap_reset();
  u64 result = run_in_mode(mode, fn, arg, sp);
  if (s_traps.count)
    REPORT(name, "scause", s_traps.cause, "stval", s_traps.tval);
  else if (m_traps.count)
    REPORT(name, "mcause", m_traps.cause, "mtval", m_traps.tval);
  else
    REPORT(name, "value", result);
}

u64 run_fresh(enum mode mode, u64 (*fn)(u64), u64 arg) {
  trap_reset();
  return run_in_mode(mode, fn, arg, 0);
}

/* The lower mode's function returned (crt.S mode_return): back to run_in_mode's caller, with the
   handler's stack ready for the next trap. */
static void __attribute__((noreturn)) return_to_m(struct trap_frame* f) {
  return_value = f->x[10];
  csr_write(mscratch, (u64)f + FRAME_SIZE);
  context_restore(&return_context);
}

void m_trap(struct trap_frame* f) {
  u64 cause = csr_read(mcause), epc = csr_read(mepc), status = csr_read(mstatus);
  if ((cause == CAUSE_ECALL_U || cause == CAUSE_ECALL_S || cause == CAUSE_ECALL_M) &&
      f->x[17] == ECALL_RETURN)
    return_to_m(f);
  record(&m_traps, f, cause, csr_read(mtval), epc, (status >> 11) & 3, (status >> 7) & 1);
  if (m_trap_hook && m_trap_hook(f, cause)) return;
  if (!(cause & CAUSE_INTERRUPT)) {
    csr_write(mepc, resume_pc(f, cause, epc));
    return;
  }
  switch (cause & ~CAUSE_INTERRUPT) {
    case IRQ_MSI:
      *CLINT_MSIP = 0;
      break;
    case IRQ_MTI:
      *CLINT_MTIMECMP = ~0ul;
      break;
    case IRQ_SSI:
      csr_clear(mip, 1ul << IRQ_SSI);
      break;
    case IRQ_STI:
      csr_clear(mip, 1ul << IRQ_STI);
      break;
    default:
      fail("unexpected interrupt in M-mode");
  }
}

void s_trap(struct trap_frame* f) {
  u64 cause = csr_read(scause), epc = csr_read(sepc), status = csr_read(sstatus);
  if (cause == CAUSE_ECALL_U && f->x[17] == ECALL_RETURN) {
    /* Delegated here: pass it on to M-mode with an ecall of our own. */
    register u64 a0 asm("a0") = f->x[10];
    register u64 a7 asm("a7") = ECALL_RETURN;
    asm volatile("ecall" ::"r"(a0), "r"(a7));
  }
  record(&s_traps, f, cause, csr_read(stval), epc, (status >> 8) & 1, (status >> 5) & 1);
  if (s_trap_hook && s_trap_hook(f, cause)) return;
  if (!(cause & CAUSE_INTERRUPT)) {
    /* The instruction may sit on a U page: read it with SUM. */
    csr_set(sstatus, MSTATUS_SUM);
    csr_write(sepc, resume_pc(f, cause, epc));
    csr_write(sstatus, status);
    return;
  }
  switch (cause & ~CAUSE_INTERRUPT) {
    case IRQ_SSI:
      csr_clear(sip, 1ul << IRQ_SSI);
      break;
    case IRQ_STI:
      csr_clear(sie, 1ul << IRQ_STI);
      break;
    default:
      fail("unexpected interrupt in S-mode");
  }
}

void timer_in(u64 ticks) {
  *CLINT_MTIMECMP = *CLINT_MTIME + ticks;
}

int wait_traps(volatile struct trap_record* record, u64 n) {
  u64 deadline = *CLINT_MTIME + 20000000; /* 2 s */
  while (record->count < n)
    if (*CLINT_MTIME > deadline) return 0;
  return 1;
}

u8 user_stack[2048] USER_DATA __attribute__((aligned(16)));

void pmp_open_all(void) {
  csr_write(pmpaddr0, ~0ul >> 10);
  csr_write(pmpcfg0, 0x1f); /* NAPOT, R, W, X */
}
