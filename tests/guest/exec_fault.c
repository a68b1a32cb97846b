// Instruction fetch faults: jumping into unmapped memory, a PROT_READ page without PROT_EXEC and
// a page made non-executable after it ran; SIGSEGV reports the target address.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef long (*Fn)(long);
static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t* info, void* ctx) {
  (void)ctx;
  fault_addr = (uintptr_t)info->si_addr;
  fault_code = info->si_code;
  siglongjmp(env, sig);
}

static void call(const char* what, void* target) {
  fault_addr = 0;
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    long r = ((Fn)(uintptr_t)target)(1);
    printf("%s: returned %ld\n", what, r);
  } else {
    printf("%s: signal %d %s addr==target %d\n", what, sig,
           fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "other",
           fault_addr == (uintptr_t)target);
  }
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_segv;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGSEGV, &sa, NULL);

  long page = sysconf(_SC_PAGESIZE);
  uint32_t* code = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  code[0] = 0x00150513;  // addi a0, a0, 1
  code[1] = 0x00008067;  // ret
  __builtin___clear_cache((char*)code, (char*)(code + 2));
  call("executable page", code);

  mprotect(code, (size_t)page, PROT_READ);
  call("page made read-only after running", code);
  mprotect(code, (size_t)page, PROT_READ | PROT_EXEC);
  call("executable again", code);

  uint32_t* second = code + page / 4;
  mprotect(second, (size_t)page, PROT_READ | PROT_WRITE);
  second[0] = 0x00250513;  // addi a0, a0, 2
  second[1] = 0x00008067;
  call("never-executable page", second);

  munmap(second, (size_t)page);
  call("unmapped page", second);
  call("null", NULL);
  return 0;
}
