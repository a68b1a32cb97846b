// exit(3) from a nested call, after an atexit handler prints.
#include <stdio.h>
#include <stdlib.h>

static void bye(void) { printf("atexit handler\n"); }

static void leave(void) { exit(3); }

int main(void) {
  atexit(bye);
  printf("calling exit(3)\n");
  leave();
  return 0;
}
