// The program gdb-multiarch debugs under `polyvm run -g` (tests/gdb/gdb_test.py): values the
// test prints are fixed here, and the line markers (/* LINE: name */) tell it where lines are.
#include <stdio.h>
#include <stdlib.h>

volatile long watched = 0;
volatile int spin_forever = 0;

int add_scaled(int base, int factor) {
  int scaled = base * factor; /* LINE: scaled */
  int result = scaled + 7;    /* LINE: result */
  return result; /* LINE: return */
}

void touch_watched(void) {
  watched = 41;
  watched = 42; /* LINE: second_write */
  watched = 43; /* LINE: after_second_write */
}

int main(int argc, char** argv) {
  if (argc > 1 && argv[1][0] == 'c') *(volatile int*)16 = 1; /* LINE: crash */
  spin_forever = argc > 1;
  while (spin_forever) {
  }
  int total = add_scaled(5, 6); /* LINE: call */
  touch_watched();
  printf("total %d watched %ld\n", total, watched);
  return total - 30; /* exit status 7 */
}
