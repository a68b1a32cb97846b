// abort() kills the process with SIGABRT after flushing nothing; output written before is kept.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  printf("about to abort\n");
  fflush(stdout);
  fprintf(stderr, "stderr before abort\n");
  abort();
}
