// A shared file mapping touched in a page wholly beyond the end of the file raises SIGBUS
// (BUS_ADRERR); the part of the last page past the end reads as zero.
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile int bus_code;

static void on_bus(int sig, siginfo_t* info, void* ctx) {
  (void)ctx;
  bus_code = info->si_code;
  siglongjmp(env, sig);
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  int fd = open("short.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
  write(fd, "0123456789", 10);
  volatile char* m = mmap(NULL, 3 * (size_t)page, PROT_READ, MAP_SHARED, fd, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_bus;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGBUS, &sa, NULL);
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("inside the file: %c, rest of its page zero: %d\n", m[5], m[page - 1] == 0);
  int sig = sigsetjmp(env, 1);
  if (sig == 0) {
    printf("beyond the file: %d\n", m[2 * page]);
  } else {
    printf("beyond the file: signal %d BUS_ADRERR=%d\n", sig, bus_code == BUS_ADRERR);
  }
  unlink("short.bin");
  return 0;
}
