// dup, dup2, dup3 and fcntl(F_DUPFD): redirect stdout into a file and back, close-on-exec flags.
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  fflush(stdout);
  int saved = dup(1);
  int fd = open("out.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  if (saved < 0 || fd < 0) return 1;
  dup2(fd, 1);
  printf("this goes to the file\n");
  fflush(stdout);
  dup2(saved, 1);
  close(saved);
  char buf[64] = {0};
  pread(fd, buf, sizeof buf - 1, 0);
  printf("file contains: %s", buf);

  int hi = fcntl(fd, F_DUPFD, 50);
  printf("F_DUPFD >= 50: %d\n", hi >= 50);
  int cloexec = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  printf("F_DUPFD_CLOEXEC flag=%d plain flag=%d\n", (fcntl(cloexec, F_GETFD) & FD_CLOEXEC) != 0,
         (fcntl(hi, F_GETFD) & FD_CLOEXEC) != 0);
  int three = dup3(fd, 40, O_CLOEXEC);
  printf("dup3 -> %d cloexec=%d\n", three, (fcntl(three, F_GETFD) & FD_CLOEXEC) != 0);
  printf("dup2 same fd -> %d\n", dup2(fd, fd) == fd);
  lseek(hi, 0, SEEK_SET);
  printf("shared offset: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
  close(hi);
  close(cloexec);
  close(three);
  printf("dup2 onto bad fd: %d\n", dup2(999, 5));
  int s = dup2(fd, 2);
  fprintf(stderr, "stderr into file\n");
  printf("stderr redirected=%d\n", s == 2);
  char all[128] = {0};
  pread(fd, all, sizeof all - 1, 0);
  printf("%s", all);
  close(fd);
  return 0;
}
