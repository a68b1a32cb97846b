// A deep recursion (the 8 MiB default stack, 100,000 frames with locals) and alloca.
#include <alloca.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static long __attribute__((noinline)) descend(long n, volatile char* prev) {
  volatile char frame[48];
  frame[0] = (char)n;
  frame[47] = prev ? prev[0] : 0;
  if (n == 0) return frame[0] + frame[47];
  return descend(n - 1, frame) + (frame[0] & 1);
}

static unsigned __attribute__((noinline)) with_alloca(size_t n) {
  unsigned char* p = alloca(n);
  memset(p, 0x5a, n);
  unsigned sum = 0;
  for (size_t i = 0; i < n; i += 61) sum += p[i];
  return sum;
}

int main(void) {
  struct rlimit rl;
  getrlimit(RLIMIT_STACK, &rl);
  printf("stack limit at least 8 MiB: %d\n", rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= 8u << 20);
  printf("descend(100000)=%ld\n", descend(100000, NULL));
  printf("alloca(1 MiB) sum=%u\n", with_alloca(1 << 20));
  return 0;
}
