// execve: the program re-executes itself (/proc/self/exe) with new arguments and environment.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "child") == 0) {
    printf("child: argc=%d", argc);
    for (int i = 1; i < argc; i++) printf(" [%s]", argv[i]);
    const char* marker = getenv("EXEC_MARKER");
    printf(" EXEC_MARKER=%s\n", marker ? marker : "(unset)");
    return argc == 4 ? 23 : 24;
  }
  printf("parent: before exec\n");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char* args[] = {argv[0], "child", "from-fork", NULL};
    char* env[] = {"EXEC_MARKER=forked", NULL};
    execve("/proc/self/exe", args, env);
    _exit(99);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("parent: forked child exit code %d\n", WEXITSTATUS(status));
  fflush(stdout);
  char* args[] = {argv[0], "child", "a b", "", NULL};
  setenv("EXEC_MARKER", "replaced", 1);
  execve(argv[0], args, environ);
  perror("execve");
  return 1;
}
