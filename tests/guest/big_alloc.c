// A 256 MiB malloc is touched page by page and read back; then freed and a calloc is zero.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  size_t size = (size_t)256 << 20;
  unsigned char* p = malloc(size);
  if (!p) {
    printf("malloc failed\n");
    return 1;
  }
  for (size_t i = 0; i < size; i += 4096) p[i] = (unsigned char)(i >> 12);
  p[size - 1] = 0xab;
  uint64_t sum = 0;
  for (size_t i = 0; i < size; i += 4096) sum += p[i];
  printf("sum=%llu last=%x\n", (unsigned long long)sum, p[size - 1]);
  free(p);
  uint64_t* z = calloc((size_t)64 << 20, 1);
  if (!z) return 2;
  uint64_t any = 0;
  for (size_t i = 0; i < ((size_t)64 << 20) / 8; i += 512) any |= z[i];
  printf("calloc zero=%d\n", any == 0);
  free(z);
  return 0;
}
