// Bit manipulation the compiler maps to Zba/Zbb/Zbs when built with -march=rv64gc_zba_zbb_zbs.
#include <stdint.h>
#include <stdio.h>

static uint64_t rotl(uint64_t x, unsigned r) { return (x << (r & 63)) | (x >> ((64 - r) & 63)); }

int main(void) {
  uint64_t x = 0x0123456789abcdefULL, acc = 0;
  for (unsigned i = 0; i < 200000; i++) {
    x ^= rotl(x, i % 64) + (x >> 3);
    acc += (uint64_t)__builtin_popcountll(x) + (uint64_t)__builtin_clzll(x | 1) +
           (uint64_t)__builtin_ctzll(x | (1ULL << 63));
    acc ^= __builtin_bswap64(x) & ~(acc << 1);
    acc += (x & (1ULL << (i % 64))) ? 1 : 0;
    acc |= 1ULL << (i % 61);
    acc &= ~(1ULL << ((i * 7) % 64));
    uint32_t w = (uint32_t)x;
    acc += (uint64_t)(int32_t)(w + (uint32_t)i);
    acc += ((uint64_t)w << 2) + (x > acc ? x : acc) % 1000 + (uint64_t)((int64_t)x < 0 ? -1 : 1);
    acc += (uint64_t)__builtin_popcount(w) + (uint64_t)__builtin_clz(w | 1) + (uint64_t)__builtin_ctz(w | 0x80000000u);
    acc += (uint64_t)(int8_t)x + (uint64_t)(int16_t)x + (uint16_t)x;
  }
  printf("acc=%016llx x=%016llx\n", (unsigned long long)acc, (unsigned long long)x);
  return 0;
}
