// pipe + poll: readiness of empty, filled, closed pipes; a poll timeout; O_NONBLOCK reads; a full pipe.
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  int p[2];
  if (pipe(p) != 0) return 1;
  struct pollfd fds[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
  int n = poll(fds, 2, 0);
  printf("empty: n=%d rd=%x wr=%x\n", n, fds[0].revents, fds[1].revents);
  write(p[1], "ping", 4);
  n = poll(fds, 2, 0);
  printf("filled: n=%d rd=%x wr=%x\n", n, fds[0].revents, fds[1].revents);
  char buf[16] = {0};
  printf("read=%zd [%s]\n", read(p[0], buf, sizeof buf), buf);
  n = poll(fds, 1, 30);
  printf("timeout: n=%d\n", n);

  fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
  ssize_t r = read(p[0], buf, sizeof buf);
  printf("nonblocking empty read=%zd EAGAIN=%d\n", r, errno == EAGAIN);

  fcntl(p[1], F_SETFL, O_NONBLOCK);
  char chunk[4096];
  memset(chunk, 'x', sizeof chunk);
  size_t total = 0;
  while ((r = write(p[1], chunk, sizeof chunk)) > 0) total += (size_t)r;
  printf("pipe filled: capacity>=4096 %d EAGAIN=%d\n", total >= 4096, errno == EAGAIN);
  fds[1].revents = 0;
  n = poll(&fds[1], 1, 0);
  printf("full pipe writable=%d\n", n);
  close(p[1]);
  size_t drained = 0;
  while ((r = read(p[0], chunk, sizeof chunk)) > 0) drained += (size_t)r;
  printf("drained equal=%d eof=%zd\n", drained == total, r);
  fds[0].revents = 0;
  n = poll(fds, 1, 0);
  printf("closed writer: n=%d hup=%d\n", n, (fds[0].revents & POLLHUP) != 0);
  close(p[0]);

  int q[2];
  pipe(q);
  close(q[0]);
  struct pollfd w = {q[1], POLLOUT, 0};
  n = poll(&w, 1, 0);
  printf("closed reader: n=%d err=%d\n", n, (w.revents & POLLERR) != 0);
  struct pollfd bad = {12345, POLLIN, 0};
  n = poll(&bad, 1, 0);
  printf("bad fd: n=%d nval=%d\n", n, (bad.revents & POLLNVAL) != 0);
  return 0;
}
