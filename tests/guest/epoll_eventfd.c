// epoll with pipes and an eventfd: level- and edge-triggered readiness, EPOLL_CTL_MOD/DEL, timeouts.
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

static int wait_ready(int ep, int timeout_ms) {
  struct epoll_event events[8];
  int n = epoll_wait(ep, events, 8, timeout_ms);
  unsigned mask = 0;
  for (int i = 0; i < n; i++) mask |= events[i].data.u32;
  printf("  epoll_wait -> %d ready, tags %x\n", n, mask);
  return n;
}

int main(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  int p[2];
  pipe(p);
  int ev = eventfd(0, EFD_NONBLOCK);
  struct epoll_event e = {.events = EPOLLIN, .data.u32 = 1};
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e);
  e.events = EPOLLIN;
  e.data.u32 = 2;
  epoll_ctl(ep, EPOLL_CTL_ADD, ev, &e);

  printf("nothing ready (timeout 20 ms):\n");
  wait_ready(ep, 20);
  write(p[1], "abc", 3);
  printf("pipe has data:\n");
  wait_ready(ep, 0);
  printf("level-triggered, still ready:\n");
  wait_ready(ep, 0);
  uint64_t v = 5;
  write(ev, &v, sizeof v);
  v = 7;
  write(ev, &v, sizeof v);
  printf("eventfd signalled too:\n");
  wait_ready(ep, 0);
  read(ev, &v, sizeof v);
  printf("eventfd counter read: %llu\n", (unsigned long long)v);
  char buf[8];
  read(p[0], buf, sizeof buf);
  printf("drained:\n");
  wait_ready(ep, 0);

  e.events = EPOLLIN | EPOLLET;
  e.data.u32 = 4;
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e);
  write(p[1], "x", 1);
  printf("edge-triggered, first wait:\n");
  wait_ready(ep, 0);
  printf("edge-triggered, no new edge:\n");
  wait_ready(ep, 0);
  epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
  write(p[1], "y", 1);
  printf("after EPOLL_CTL_DEL:\n");
  wait_ready(ep, 0);

  int sem = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
  int reads = 0;
  while (read(sem, &v, sizeof v) == sizeof v) reads++;
  printf("semaphore eventfd gave %d reads of 1\n", reads);
  close(ep);
  return 0;
}
