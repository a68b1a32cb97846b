// Benchmark: sieve of Eratosthenes over a byte array; prints the prime count and a checksum.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 20000000;
  int rounds = 2;
  uint64_t checksum = 0;
  size_t count = 0;
  unsigned char* composite = malloc(n + 1);
  if (!composite) return 1;
  for (int r = 0; r < rounds; r++) {
    memset(composite, 0, n + 1);
    for (size_t i = 2; i * i <= n; i++)
      if (!composite[i])
        for (size_t j = i * i; j <= n; j += i) composite[j] = 1;
    count = 0;
    for (size_t i = 2; i <= n; i++)
      if (!composite[i]) {
        count++;
        checksum = checksum * 31 + i;
      }
  }
  printf("primes below %zu: %zu checksum %016llx\n", n, count, (unsigned long long)checksum);
  free(composite);
  return 0;
}
