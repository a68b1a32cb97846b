// A busy guest for the control socket tests and bench/pause_latency: a tight loop (and, asked,
// threads blocked in read and in a futex wait) that prints its counter when it ends.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int pipe_fds[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void* blocked_in_read(void* unused) {
  (void)unused;
  char byte;
  return (void*)(long)read(pipe_fds[0], &byte, 1);  // nobody writes
}

static void* blocked_in_futex(void* unused) {
  (void)unused;
  pthread_mutex_lock(&lock);
  pthread_cond_wait(&never, &lock);  // nobody signals
  pthread_mutex_unlock(&lock);
  return NULL;
}

// spin ITERATIONS [threads]: ITERATIONS 0 loops until killed.
int main(int argc, char** argv) {
  unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 0) : 100000000ul;
  if (argc > 2 && strcmp(argv[2], "threads") == 0) {
    pthread_t reader, waiter;
    if (pipe(pipe_fds) != 0) return 2;
    pthread_create(&reader, NULL, blocked_in_read, NULL);
    pthread_create(&waiter, NULL, blocked_in_futex, NULL);
  }
  printf("spinning\n");
  fflush(stdout);
  volatile unsigned long counter = 0;
  while (iterations == 0 || counter < iterations) counter = counter + 1;
  printf("counter %lu\n", counter);
  return 7;
}
