// socketpair: stream and datagram Unix sockets between parent and child, shutdown, and passing a
// file descriptor with SCM_RIGHTS.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int send_fd(int sock, int fd) {
  char byte = 'F';
  struct iovec iov = {&byte, 1};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  memset(&control, 0, sizeof control);
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf};
  struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &fd, sizeof fd);
  return (int)sendmsg(sock, &msg, 0);
}

static int recv_fd(int sock) {
  char byte;
  struct iovec iov = {&byte, 1};
  union {
    struct cmsghdr align;
    char buf[CMSG_SPACE(sizeof(int))];
  } control;
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control.buf,
                       .msg_controllen = sizeof control.buf};
  if (recvmsg(sock, &msg, 0) != 1) return -1;
  struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_type != SCM_RIGHTS) return -1;
  int fd;
  memcpy(&fd, CMSG_DATA(c), sizeof fd);
  return fd;
}

int main(void) {
  int s[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, s) != 0) return 1;
  pid_t child = fork();
  if (child == 0) {
    close(s[0]);
    char buf[64];
    ssize_t n = read(s[1], buf, sizeof buf);
    for (ssize_t i = 0; i < n; i++) buf[i] = (char)(buf[i] - 32);
    write(s[1], buf, (size_t)n);
    int fd = recv_fd(s[1]);
    char content[32] = {0};
    pread(fd, content, sizeof content - 1, 0);
    dprintf(s[1], "child read passed fd: %s", content);
    _exit(0);
  }
  close(s[1]);
  write(s[0], "hello socket", 12);
  char reply[64] = {0};
  ssize_t n = read(s[0], reply, sizeof reply - 1);
  printf("stream reply (%zd): %s\n", n, reply);
  int fd = open("passed.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "contents of the file\n", 21);
  send_fd(s[0], fd);
  memset(reply, 0, sizeof reply);
  size_t got = 0;
  while ((n = read(s[0], reply + got, sizeof reply - 1 - got)) > 0) got += (size_t)n;
  printf("%s", reply);
  waitpid(child, NULL, 0);
  close(s[0]);
  unlink("passed.txt");

  int d[2];
  socketpair(AF_UNIX, SOCK_DGRAM, 0, d);
  send(d[0], "one", 3, 0);
  send(d[0], "second message", 14, 0);
  char small[4] = {0};
  ssize_t r1 = recv(d[1], small, 3, 0);
  char big[32] = {0};
  ssize_t r2 = recv(d[1], big, 4, MSG_TRUNC);  // datagram truncated, full length returned
  printf("datagrams: %zd [%s], %zd [%.4s]\n", r1, small, r2, big);

  shutdown(d[0], SHUT_WR);
  int type = 0;
  socklen_t len = sizeof type;
  getsockopt(d[1], SOL_SOCKET, SO_TYPE, &type, &len);
  printf("SO_TYPE dgram=%d\n", type == SOCK_DGRAM);
  return 0;
}
