// Touching memory after munmap kills the process with SIGSEGV (no handler installed).
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  volatile char* p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  p[0] = 1;
  printf("mapped and written\n");
  fflush(stdout);
  munmap((void*)p, (size_t)page);
  p[0] = 2;
  printf("not reached\n");
  return 0;
}
