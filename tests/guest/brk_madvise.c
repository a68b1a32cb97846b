// The program break (sbrk grows and shrinks) and madvise(MADV_DONTNEED) zeroing private pages.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void) {
  // All break moves happen before stdio's first malloc (which also uses the break); the
  // results are printed afterwards.
  char* start = sbrk(0);
  char* grown = sbrk(1 << 20);
  int returned_old = grown == start;
  memset(grown, 0x77, 1 << 20);
  int one_mib = (char*)sbrk(0) - start == (1 << 20);
  sbrk(-(1 << 19));
  int shrunk = (char*)sbrk(0) - start == (1 << 19);
  unsigned kept = (unsigned char)grown[1000];
  sbrk(1 << 19);
  int regrown_zero = grown[(1 << 19) + 10] == 0 && grown[(1 << 20) - 1] == 0;

  printf("sbrk returned the old break: %d\n", returned_old);
  printf("new break is 1 MiB higher: %d\n", one_mib);
  printf("shrunk by 512 KiB: %d\n", shrunk);
  printf("kept contents: %x\n", kept);
  printf("regrown tail is zero: %d\n", regrown_zero);

  long page = sysconf(_SC_PAGESIZE);
  char* p = mmap(NULL, 4 * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(p, 0x33, 4 * (size_t)page);
  int rc = madvise(p + page, 2 * (size_t)page, MADV_DONTNEED);
  printf("madvise rc=%d zeroed=%d %d kept=%x %x\n", rc, p[page] == 0, p[3 * page - 1] == 0,
         (unsigned char)p[0], (unsigned char)p[3 * page]);
  printf("MADV_WILLNEED rc=%d\n", madvise(p, (size_t)page, MADV_WILLNEED));
  return 0;
}
