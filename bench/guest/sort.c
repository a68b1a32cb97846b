// Benchmark: sorts a million pseudo-random integers with a hand-written quicksort (insertion sort
// below 16 elements), several rounds; prints a checksum of the sorted data.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void insertion_sort(int32_t* a, long n) {
  for (long i = 1; i < n; i++) {
    int32_t v = a[i];
    long j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static void quicksort(int32_t* a, long n) {
  while (n > 16) {
    int32_t x = a[0], y = a[n / 2], z = a[n - 1];
    int32_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
    long i = 0, j = n - 1;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      int32_t t = a[i];
      a[i++] = a[j];
      a[j--] = t;
    }
    if (j + 1 < n - j - 1) {  // recurse into the smaller part, loop on the larger
      quicksort(a, j + 1);
      a += j + 1;
      n -= j + 1;
    } else {
      quicksort(a + j + 1, n - j - 1);
      n = j + 1;
    }
  }
  insertion_sort(a, n);
}

int main(int argc, char** argv) {
  long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
  int rounds = 3;
  int32_t* a = malloc((size_t)n * sizeof *a);
  if (!a) return 1;
  uint64_t state = 88172645463325252ULL, checksum = 0;
  for (int r = 0; r < rounds; r++) {
    for (long i = 0; i < n; i++) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      a[i] = (int32_t)(state >> 32);
    }
    quicksort(a, n);
    for (long i = 1; i < n; i++)
      if (a[i - 1] > a[i]) {
        printf("not sorted at %ld\n", i);
        return 2;
      }
    for (long i = 0; i < n; i += 97) checksum = checksum * 1099511628211ULL ^ (uint32_t)a[i];
  }
  printf("sorted %d x %ld: min %d max %d checksum %016llx\n", rounds, n, a[0], a[n - 1],
         (unsigned long long)checksum);
  free(a);
  return 0;
}
