// Signal frames: SIGILL and SIGTRAP from instructions, a handler that skips the faulting
// instruction through ucontext, FP registers and fcsr preserved across a handler, a handler on an
// alternate stack after stack overflow, SA_RESETHAND, SA_NODEFER nesting, SA_RESTART vs EINTR.
#include <errno.h>
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_code, depth, max_depth;
static volatile uintptr_t fault_pc, frame_pc;
static sigjmp_buf escape;

static void install(int sig, void (*fn)(int, siginfo_t*, void*), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = fn;
  sa.sa_flags = SA_SIGINFO | flags;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
}

static void skip_instruction(int sig, siginfo_t* info, void* ctx) {
  (void)sig;
  ucontext_t* uc = ctx;
  hits++;
  last_code = info->si_code;
  fault_pc = (uintptr_t)info->si_addr;
  frame_pc = uc->uc_mcontext.__gregs[REG_PC];
  uc->uc_mcontext.__gregs[REG_PC] += 4;  // both test instructions are 4 bytes long
  uc->uc_mcontext.__gregs[REG_A0] = 1234;  // and the interrupted code sees a changed a0
}

static void clobber_fp(int sig, siginfo_t* info, void* ctx) {
  (void)sig, (void)info, (void)ctx;
  volatile double x = 3.0;
  fesetround(FE_DOWNWARD);
  __asm__ volatile("fmv.d.x fs0, zero\n fmv.d.x fa0, zero" ::: "fs0", "fa0");
  hits += (int)(x * x);
}

static void on_overflow(int sig, siginfo_t* info, void* ctx) {
  (void)info, (void)ctx;
  stack_t ss;
  sigaltstack(NULL, &ss);
  last_code = (ss.ss_flags & SS_ONSTACK) != 0;
  siglongjmp(escape, sig);
}

static long recurse(long n) {
  volatile char pad[512];
  pad[0] = (char)n;
  if (n < 0) return 0;  // never true: overflows the stack first
  return recurse(n + 1) + pad[0];
}

static void count_once(int sig, siginfo_t* info, void* ctx) {
  (void)sig, (void)info, (void)ctx;
  hits++;
}

static void nested(int sig, siginfo_t* info, void* ctx) {
  (void)info, (void)ctx;
  depth++;
  if (depth > max_depth) max_depth = depth;
  if (depth < 3) raise(sig);  // with SA_NODEFER the signal nests immediately
  depth--;
}

static void on_timer(int sig, siginfo_t* info, void* ctx) {
  (void)sig, (void)info, (void)ctx;
  hits++;
}

static int read_interrupted(int restart) {
  install(SIGALRM, on_timer, restart ? SA_RESTART : 0);
  int p[2];
  pipe(p);
  struct itimerval it = {{0, 0}, {0, 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
  if (restart) {
    // The writer arrives after the timer: a restarted read gets its byte.
    if (fork() == 0) {
      usleep(200000);
      write(p[1], "z", 1);
      _exit(0);
    }
  }
  char c;
  errno = 0;
  ssize_t r = read(p[0], &c, 1);
  int err = errno;
  close(p[0]);
  close(p[1]);
  printf("read with%s SA_RESTART: r=%zd EINTR=%d\n", restart ? "" : "out", r, err == EINTR);
  return (int)r;
}

int main(void) {
  install(SIGILL, skip_instruction, 0);
  install(SIGTRAP, skip_instruction, 0);
  long a0 = 1;
  __asm__ volatile("mv a0, %1\n .word 0\n .word 0\n mv %0, a0" : "=r"(a0) : "r"(a0) : "a0");
  printf("illegal instruction x2: hits=%d ILL_ILLOPC=%d si_addr==pc=%d a0=%ld\n", hits,
         last_code == ILL_ILLOPC, fault_pc == frame_pc, a0);
  hits = 0;
  __asm__ volatile("mv a0, zero\n .option push\n .option norvc\n ebreak\n .option pop\n mv %0, a0"
                   : "=r"(a0) : : "a0");
  printf("ebreak: hits=%d a0=%ld\n", hits, a0);

  install(SIGUSR1, clobber_fp, 0);
  fesetround(FE_UPWARD);
  feclearexcept(FE_ALL_EXCEPT);
  register double keep __asm__("fs0") = 1.25;
  __asm__ volatile("" : "+f"(keep));
  hits = 0;
  raise(SIGUSR1);
  __asm__ volatile("" : "+f"(keep));
  printf("after FP-clobbering handler: fs0=%g rounding upward=%d hits=%d\n", keep,
         fegetround() == FE_UPWARD, hits);
  fesetround(FE_TONEAREST);

  static char alt[64 * 1024];
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  sigaltstack(&ss, NULL);
  install(SIGSEGV, on_overflow, SA_ONSTACK);
  int sig = sigsetjmp(escape, 1);
  if (sig == 0) recurse(0);
  printf("stack overflow caught: signal %d on alternate stack=%d\n", sig, last_code);

  hits = 0;
  install(SIGUSR2, count_once, SA_RESETHAND);
  raise(SIGUSR2);
  struct sigaction now;
  sigaction(SIGUSR2, NULL, &now);
  printf("SA_RESETHAND: hits=%d reset to default=%d\n", hits, now.sa_handler == SIG_DFL);

  install(SIGUSR1, nested, SA_NODEFER);
  raise(SIGUSR1);
  printf("SA_NODEFER nesting depth=%d\n", max_depth);

  read_interrupted(0);
  read_interrupted(1);
  return 0;
}
