// alarm(): SIGALRM interrupts pause(), and a pending alarm can be cancelled.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;

static void on_alarm(int sig) {
  (void)sig;
  alarms++;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  alarm(1);
  int rc = pause();
  printf("pause returned %d errno=EINTR:%d alarms=%d\n", rc, errno == EINTR, alarms);
  alarm(5);
  unsigned left = alarm(0);
  printf("cancelled alarm had time left: %d\n", left > 0 && left <= 5);
  sleep(0);
  printf("alarms=%d\n", alarms);
  signal(SIGALRM, SIG_DFL);
  alarm(1);
  for (;;) pause();  // killed by the default action of SIGALRM
}
