// A SIGSEGV handler escapes with siglongjmp from faults on unmapped, read-only and null memory.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile sig_atomic_t faults;
static volatile int last_signal, last_code_maperr, last_addr_ok;
static volatile uintptr_t expected_addr;

static void on_fault(int sig, siginfo_t* info, void* context) {
  (void)context;
  faults++;
  last_signal = sig;
  last_code_maperr = info->si_code == SEGV_MAPERR;
  last_addr_ok = (uintptr_t)info->si_addr == expected_addr;
  siglongjmp(env, faults);
}

static void try_access(const char* what, volatile char* p, int write) {
  expected_addr = (uintptr_t)p;
  if (sigsetjmp(env, 1) == 0) {
    if (write)
      *p = 1;
    else
      (void)*p;
    printf("%s: no fault\n", what);
  } else {
    printf("%s: signal %d maperr=%d addr_ok=%d\n", what, last_signal, last_code_maperr, last_addr_ok);
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);
  sigaction(SIGBUS, &sa, NULL);

  long page = sysconf(_SC_PAGESIZE);
  char* p = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  try_access("read mapped", p, 0);
  munmap(p + page, (size_t)page);
  try_access("read unmapped", p + page + 8, 0);
  try_access("write unmapped", p + page, 1);
  mprotect(p, (size_t)page, PROT_READ);
  try_access("write read-only", p + 16, 1);
  try_access("read read-only", p + 16, 0);
  try_access("null", (volatile char*)0, 0);
  mprotect(p, (size_t)page, PROT_NONE);
  try_access("read prot-none", p, 0);
  // The mask was saved by sigsetjmp(env, 1): SIGSEGV is deliverable again after each escape.
  sigset_t mask;
  sigprocmask(SIG_BLOCK, NULL, &mask);
  printf("faults=%d segv blocked=%d\n", faults, sigismember(&mask, SIGSEGV));
  return 0;
}
