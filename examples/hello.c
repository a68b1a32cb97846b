/* The bundled demo: a riscv64 program that shows it runs as riscv64 and does a little work. */
#include <stdio.h>
#include <sys/utsname.h>

static unsigned count_primes(unsigned limit) {
  static unsigned char composite[1 << 20];
  unsigned count = 0;
  for (unsigned i = 2; i < limit; ++i) {
    if (composite[i]) continue;
    ++count;
    for (unsigned long j = (unsigned long)i * i; j < limit; j += i) composite[j] = 1;
  }
  return count;
}

int main(int argc, char** argv) {
  struct utsname name;
  uname(&name);
  printf("Hello from a %s Linux program (%s)!\n", name.machine, argv[0]);
  printf("argc = %d; primes below 1048576: %u\n", argc, count_primes(1u << 20));
  return 0;
}
