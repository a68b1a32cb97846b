// The smallest program: one line on stdout, one on stderr, exit 0.
#include <stdio.h>

int main(void) {
  puts("hello from riscv64");
  fputs("hello on stderr\n", stderr);
  return 0;
}
