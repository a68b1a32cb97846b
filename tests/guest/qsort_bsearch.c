// qsort and bsearch over integers, strings and structs, with a deterministic pseudo-random input.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Item {
  int key;
  char name[8];
};

static int cmp_int(const void* a, const void* b) {
  int x = *(const int*)a, y = *(const int*)b;
  return (x > y) - (x < y);
}

static int cmp_str(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

static int cmp_item(const void* a, const void* b) {
  const struct Item *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return strcmp(x->name, y->name);
}

int main(void) {
  enum { kN = 100000 };
  static int v[kN];
  uint32_t s = 2463534242u;
  for (int i = 0; i < kN; i++) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    v[i] = (int)(s % 2000001) - 1000000;
  }
  qsort(v, kN, sizeof v[0], cmp_int);
  int sorted = 1;
  long long sum = 0;
  for (int i = 0; i < kN; i++) {
    if (i && v[i - 1] > v[i]) sorted = 0;
    sum += v[i];
  }
  printf("sorted=%d min=%d max=%d median=%d sum=%lld\n", sorted, v[0], v[kN - 1], v[kN / 2], sum);
  int found = 0;
  for (int k = -1000000; k <= 1000000; k += 997) found += bsearch(&k, v, kN, sizeof v[0], cmp_int) != NULL;
  printf("bsearch found %d keys\n", found);
  int missing = 5000000;
  printf("bsearch missing=%p\n", bsearch(&missing, v, kN, sizeof v[0], cmp_int));

  char* words[] = {"delta", "alpha", "echo", "charlie", "bravo", "foxtrot", "Alpha", "", "alphabet"};
  size_t nw = sizeof words / sizeof words[0];
  qsort(words, nw, sizeof words[0], cmp_str);
  for (size_t i = 0; i < nw; i++) printf("[%s]", words[i]);
  printf("\n");

  struct Item items[50];
  for (int i = 0; i < 50; i++) {
    items[i].key = (i * 37) % 11;
    snprintf(items[i].name, sizeof items[i].name, "n%02d", (i * 13) % 50);
  }
  qsort(items, 50, sizeof items[0], cmp_item);
  for (int i = 0; i < 50; i += 7) printf("%d:%s ", items[i].key, items[i].name);
  printf("\n");
  return 0;
}
