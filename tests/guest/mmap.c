// mmap: anonymous and file-backed mappings, MAP_FIXED, mprotect, mremap, munmap of part of a mapping.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHECK(cond)                                        \
  do {                                                     \
    if (!(cond)) {                                         \
      printf("FAILED line %d: %s\n", __LINE__, #cond);     \
      return 1;                                            \
    }                                                      \
  } while (0)

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  printf("page=%ld\n", page);
  size_t len = 64 * (size_t)page;
  unsigned char* p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK(p != MAP_FAILED);
  int zero = 1;
  for (size_t i = 0; i < len; i++) zero &= p[i] == 0;
  printf("anonymous zeroed=%d\n", zero);
  for (size_t i = 0; i < len; i++) p[i] = (unsigned char)(i * 7);
  unsigned sum = 0;
  for (size_t i = 0; i < len; i++) sum += p[i];
  printf("sum=%u\n", sum);

  CHECK(mprotect(p, (size_t)page, PROT_READ) == 0);
  printf("read after mprotect=%u\n", p[5]);
  CHECK(mprotect(p, (size_t)page, PROT_READ | PROT_WRITE) == 0);
  p[5] = 99;
  printf("write after mprotect back=%u\n", p[5]);

  CHECK(munmap(p + 8 * page, (size_t)page) == 0);
  printf("neighbours intact=%u %u\n", p[7 * page], p[9 * page]);
  unsigned char* fixed = mmap(p + 8 * page, (size_t)page, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  CHECK(fixed == p + 8 * page);
  printf("refilled hole zero=%u\n", fixed[10]);

  unsigned char* grown = mremap(p, len, 2 * len, MREMAP_MAYMOVE);
  CHECK(grown != MAP_FAILED);
  printf("mremap kept=%u new zero=%u\n", grown[page + 3], grown[len + 17]);
  CHECK(munmap(grown, 2 * len) == 0);

  int fd = open("data.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  CHECK(fd >= 0);
  char line[64];
  for (int i = 0; i < 1000; i++) {
    int n = snprintf(line, sizeof line, "line %04d\n", i);
    CHECK(write(fd, line, (size_t)n) == n);
  }
  char* shared = mmap(NULL, 10000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  CHECK(shared != MAP_FAILED);
  printf("file map: %.9s / %.9s\n", shared, shared + 9990);
  memcpy(shared + 5, "WXYZ", 4);
  CHECK(msync(shared, 10000, MS_SYNC) == 0);
  CHECK(munmap(shared, 10000) == 0);
  char back[16] = {0};
  CHECK(pread(fd, back, 9, 0) == 9);
  printf("written through MAP_SHARED: %s", back);

  char* priv = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 2 * page);
  CHECK(priv != MAP_FAILED);
  printf("offset map: %.9s", priv);
  priv[0] = '#';
  CHECK(pread(fd, back, 9, 2 * page) == 9);
  printf("private write not in file: %.9s", back);
  CHECK(munmap(priv, (size_t)page) == 0);

  char* tail = mmap(NULL, 3 * (size_t)page, PROT_READ, MAP_PRIVATE, fd, 0);
  CHECK(tail != MAP_FAILED);
  printf("zero after end of file: %d\n", tail[10000] == 0 && tail[2 * page - 1] == 0);
  CHECK(munmap(tail, 3 * (size_t)page) == 0);
  close(fd);
  unlink("data.bin");
  return 0;
}
