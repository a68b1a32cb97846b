// fork + pipe + waitpid: children write through pipes, exit with codes, one is killed by a signal.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  pid_t child = fork();
  if (child < 0) return 2;
  if (child == 0) {
    close(fds[0]);
    for (int i = 0; i < 100; i++) {
      char line[32];
      int n = snprintf(line, sizeof line, "msg %d\n", i);
      if (write(fds[1], line, (size_t)n) != n) _exit(9);
    }
    close(fds[1]);
    _exit(17);
  }
  close(fds[1]);
  char buf[4096];
  size_t total = 0;
  ssize_t n;
  unsigned checksum = 0;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) checksum = checksum * 31 + (unsigned char)buf[i];
    total += (size_t)n;
  }
  close(fds[0]);
  int status;
  if (waitpid(child, &status, 0) != child) return 3;
  printf("received %zu bytes checksum %08x\n", total, checksum);
  printf("child exited=%d code=%d\n", WIFEXITED(status), WEXITSTATUS(status));

  pid_t victim = fork();
  if (victim == 0) {
    pause();
    _exit(0);
  }
  kill(victim, SIGTERM);
  waitpid(victim, &status, 0);
  printf("victim signaled=%d sig=%d\n", WIFSIGNALED(status), WTERMSIG(status));

  int kids = 0, code_sum = 0;
  for (int i = 0; i < 5; i++) {
    if (fork() == 0) _exit(i + 1);
  }
  while (wait(&status) > 0) {
    kids++;
    code_sum += WEXITSTATUS(status);
  }
  printf("reaped %d children, exit code sum %d\n", kids, code_sum);

  fflush(stdout);
  pid_t writer = fork();
  if (writer == 0) {
    printf("child stdout line\n");
    exit(0);  // flushes the child's copy of stdio
  }
  waitpid(writer, &status, 0);
  printf("parent after child\n");
  return 0;
}
