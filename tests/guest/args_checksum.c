// A large initial stack: thousands of arguments and environment strings arrive intact (count,
// total length and a checksum of their bytes).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t fnv(uint64_t h, const char* s) {
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL;
}

int main(int argc, char** argv, char** envp) {
  uint64_t h = 14695981039346656037ULL;
  size_t bytes = 0;
  for (int i = 1; i < argc; i++) {
    h = fnv(h, argv[i]);
    bytes += strlen(argv[i]) + 1;
  }
  printf("argc=%d bytes=%zu hash=%016llx last=%s\n", argc, bytes, (unsigned long long)h, argv[argc - 1]);
  uint64_t eh = 14695981039346656037ULL;
  int big_vars = 0;
  for (char** e = envp; *e; e++)
    if (strncmp(*e, "BIG_", 4) == 0) {
      eh ^= fnv(14695981039346656037ULL, *e);  // order-independent: qemu reverses the environment
      big_vars++;
    }
  printf("BIG_ variables=%d hash=%016llx\n", big_vars, (unsigned long long)eh);
  return 0;
}
