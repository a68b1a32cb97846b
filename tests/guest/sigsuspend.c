// Waiting with a temporary signal mask: sigsuspend, pselect and epoll_pwait each let a blocked,
// pending signal through, run its handler, return EINTR and restore the mask.
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

static volatile sig_atomic_t handled;
static void on_usr1(int sig) { (void)sig; handled++; }

static void report(const char* what, int rc) {
  int err = errno;
  sigset_t now;
  sigprocmask(SIG_BLOCK, NULL, &now);
  printf("%s: rc=%d EINTR=%d handled=%d still blocked=%d\n", what, rc, err == EINTR, handled,
         sigismember(&now, SIGUSR1));
}

int main(void) {
  signal(SIGUSR1, on_usr1);
  sigset_t block, open_mask;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &open_mask);
  sigdelset(&open_mask, SIGUSR1);

  raise(SIGUSR1);
  report("pending while blocked", 0);
  report("sigsuspend", sigsuspend(&open_mask));

  int p[2];
  pipe(p);
  raise(SIGUSR1);
  fd_set rd;
  FD_ZERO(&rd);
  FD_SET(p[0], &rd);
  struct timespec two = {2, 0};
  report("pselect", pselect(p[0] + 1, &rd, NULL, NULL, &two, &open_mask));

  int ep = epoll_create1(0);
  struct epoll_event e = {.events = EPOLLIN, .data.fd = p[0]};
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
  raise(SIGUSR1);
  report("epoll_pwait", epoll_pwait(ep, &e, 1, 2000, &open_mask));
  return 0;
}
