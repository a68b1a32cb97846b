// /proc/self/exe names the guest program (not the emulator); getpid/getppid/gettid are consistent.
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  (void)argc;
  char path[4096] = {0};
  ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0) {
    printf("readlink failed\n");
    return 1;
  }
  const char* base = strrchr(path, '/');
  printf("exe basename=%s\n", base ? base + 1 : path);
  const char* arg0 = strrchr(argv[0], '/');
  printf("same as argv[0]: %d\n", strcmp(base, arg0) == 0);
  printf("pid==tid: %d\n", getpid() == (pid_t)syscall(SYS_gettid));
  printf("ppid positive: %d\n", getppid() > 0);
  char cwd[4096];
  printf("getcwd ok: %d\n", getcwd(cwd, sizeof cwd) != NULL && cwd[0] == '/');
  return 0;
}
