// How a multi-threaded process ends: exit() in a thread ends all threads with its status, after
// main has left through pthread_exit.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void* blocked(void* arg) {
  (void)arg;
  for (;;) pause();
  return NULL;
}

static void* finisher(void* arg) {
  (void)arg;
  usleep(50000);
  printf("finisher: calling exit(5) while another thread is blocked\n");
  exit(5);
}

static void on_exit_handler(void) { printf("atexit handler ran\n"); }

int main(void) {
  atexit(on_exit_handler);
  pthread_t b, f;
  pthread_create(&b, NULL, blocked, NULL);
  pthread_create(&f, NULL, finisher, NULL);
  printf("main: pthread_exit\n");
  fflush(stdout);
  pthread_exit(NULL);
}
