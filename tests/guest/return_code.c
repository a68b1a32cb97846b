// Returning 42 from main is the process exit status.
#include <stdio.h>

int main(void) {
  printf("returning 42\n");
  return 42;
}
