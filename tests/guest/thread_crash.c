// A fault in a non-main thread without a handler kills the whole process with SIGSEGV.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void* crash(void* arg) {
  (void)arg;
  usleep(20000);
  volatile int* null = NULL;
  *null = 1;
  return NULL;
}

int main(void) {
  pthread_t t;
  printf("starting the crashing thread\n");
  fflush(stdout);
  pthread_create(&t, NULL, crash, NULL);
  for (;;) pause();
}
