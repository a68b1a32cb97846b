// Event file descriptors: signalfd (with sigqueue data), timerfd (one-shot and interval), select
// and pselect with fd sets, ppoll with a temporary signal mask.
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static void on_usr2(int sig) { (void)sig; handled++; }

int main(void) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, NULL);
  int sfd = signalfd(-1, &set, SFD_CLOEXEC);
  union sigval value = {.sival_int = 777};
  sigqueue(getpid(), SIGUSR1, value);
  struct signalfd_siginfo si;
  ssize_t n = read(sfd, &si, sizeof si);
  printf("signalfd read=%zd signo=%u code_queue=%d int=%d pid_ok=%d\n", n, si.ssi_signo,
         si.ssi_code == SI_QUEUE, si.ssi_int, si.ssi_pid == (uint32_t)getpid());
  close(sfd);

  int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
  struct itimerspec one = {{0, 0}, {0, 20 * 1000 * 1000}};
  timerfd_settime(tfd, 0, &one, NULL);
  uint64_t expirations = 0;
  n = read(tfd, &expirations, sizeof expirations);
  printf("timerfd one-shot read=%zd expirations=%llu\n", n, (unsigned long long)expirations);
  struct itimerspec every = {{0, 5 * 1000 * 1000}, {0, 5 * 1000 * 1000}};
  timerfd_settime(tfd, 0, &every, NULL);
  usleep(60 * 1000);
  read(tfd, &expirations, sizeof expirations);
  printf("timerfd interval: several expirations=%d\n", expirations >= 3);
  struct itimerspec off = {{0, 0}, {0, 0}}, old;
  timerfd_settime(tfd, 0, &off, &old);
  printf("disarmed, old interval 5ms=%d\n", old.it_interval.tv_nsec == 5 * 1000 * 1000);
  close(tfd);

  int p[2];
  pipe(p);
  fd_set rd, wr;
  FD_ZERO(&rd);
  FD_ZERO(&wr);
  FD_SET(p[0], &rd);
  FD_SET(p[1], &wr);
  struct timeval tv = {0, 10000};
  int r = select(p[1] + 1, &rd, &wr, NULL, &tv);
  printf("select: %d readable=%d writable=%d\n", r, FD_ISSET(p[0], &rd), FD_ISSET(p[1], &wr));
  write(p[1], "x", 1);
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct timespec ts = {1, 0};
  r = pselect(p[0] + 1, &rd, NULL, NULL, &ts, NULL);
  printf("pselect: %d readable=%d\n", r, FD_ISSET(p[0], &rd));
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  tv.tv_sec = 0;
  tv.tv_usec = 0;
  read(p[0], &r, 1);
  r = select(p[0] + 1, &rd, NULL, NULL, &tv);
  printf("select after drain: %d\n", r);

  // ppoll atomically unblocks SIGUSR2 while waiting: the pending signal interrupts it.
  signal(SIGUSR2, on_usr2);
  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  sigprocmask(SIG_BLOCK, &usr2, NULL);
  raise(SIGUSR2);
  printf("blocked: handled=%d\n", handled);
  sigset_t during;
  sigprocmask(SIG_BLOCK, NULL, &during);
  sigdelset(&during, SIGUSR2);
  struct pollfd pfd = {p[0], POLLIN, 0};
  struct timespec wait = {2, 0};
  r = ppoll(&pfd, 1, &wait, &during);
  printf("ppoll interrupted: r=%d handled=%d\n", r, handled);
  sigset_t after;
  sigprocmask(SIG_BLOCK, NULL, &after);
  printf("mask restored: %d\n", sigismember(&after, SIGUSR2));
  return 0;
}
