// Processes: vfork, waitpid with WNOHANG, waitid, exit statuses and signals of children,
// process groups and sessions, getppid in the child.
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
  fflush(stdout);
  pid_t me = getpid();
  pid_t v = vfork();
  if (v == 0) _exit(getppid() == me ? 11 : 12);
  int status;
  waitpid(v, &status, 0);
  printf("vfork child exit=%d\n", WEXITSTATUS(status));

  int p[2];
  pipe(p);
  pid_t slow = fork();
  if (slow == 0) {
    char c;
    read(p[0], &c, 1);
    _exit(c);
  }
  printf("WNOHANG before exit: %d\n", waitpid(slow, &status, WNOHANG));
  write(p[1], "\x21", 1);
  waitpid(slow, &status, 0);
  printf("after: exited=%d code=%d\n", WIFEXITED(status), WEXITSTATUS(status));

  pid_t k = fork();
  if (k == 0) {
    raise(SIGKILL);
    _exit(0);
  }
  siginfo_t info;
  memset(&info, 0, sizeof info);
  waitid(P_PID, (id_t)k, &info, WEXITED);
  printf("waitid: code=%s status=%d pid ok=%d\n", info.si_code == CLD_KILLED ? "CLD_KILLED" : "?",
         info.si_status, info.si_pid == k);

  pid_t g = fork();
  if (g == 0) {
    setpgid(0, 0);
    int own_group = getpgrp() == getpid();
    pid_t s = setsid();  // fails: a group leader cannot create a session
    _exit(own_group * 2 + (s == -1));
  }
  waitpid(g, &status, 0);
  printf("child own group + setsid refused: %d\n", WEXITSTATUS(status));
  pid_t s = fork();
  if (s == 0) _exit(setsid() == getpid() && getsid(0) == getpid() ? 5 : 6);
  waitpid(s, &status, 0);
  printf("setsid in a fresh child: %d\n", WEXITSTATUS(status));

  signal(SIGCHLD, SIG_IGN);  // children are reaped automatically
  pid_t z = fork();
  if (z == 0) _exit(0);
  int rc = waitpid(z, &status, 0);
  printf("SIGCHLD ignored, wait fails: %d\n", rc == -1);

  signal(SIGCHLD, SIG_DFL);
  pid_t stopped = fork();
  if (stopped == 0) {
    raise(SIGSTOP);
    _exit(3);
  }
  waitpid(stopped, &status, WUNTRACED);
  printf("stopped=%d sig=%d\n", WIFSTOPPED(status), WSTOPSIG(status));
  kill(stopped, SIGCONT);
  waitpid(stopped, &status, 0);
  printf("continued then exited=%d code=%d\n", WIFEXITED(status), WEXITSTATUS(status));
  return 0;
}
