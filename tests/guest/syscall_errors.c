// System call errors the guest must see as errno values: EFAULT for bad pointers, EBADF, ENOENT,
// ESPIPE, EINVAL, and ENOSYS for an unknown number.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SHOW(expr)                                                         \
  do {                                                                     \
    errno = 0;                                                             \
    long r_ = (long)(expr);                                                \
    printf("%-44s -> %ld %s\n", #expr, r_, r_ < 0 ? strerrorname_np(errno) : ""); \
  } while (0)

int main(void) {
  char* volatile bad = (char*)16;  // never mapped; volatile keeps the compiler from judging it
  int p[2];
  pipe(p);
  SHOW(write(p[1], bad, 10));
  SHOW(read(open("/dev/zero", O_RDONLY), bad, 10));
  SHOW(open(bad, O_RDONLY));
  SHOW(stat(bad, (struct stat*)(bad + 64)));
  SHOW(syscall(SYS_clock_gettime, 1, bad));
  SHOW(syscall(SYS_uname, bad));
  SHOW(pipe((int*)bad));
  SHOW(write(12345, "x", 1));
  SHOW(close(-1));
  SHOW(open("/nonexistent/file", O_RDONLY));
  SHOW(lseek(p[0], 0, SEEK_SET));
  SHOW(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  SHOW(munmap((void*)4097, 4096));
  // polyvm reports an unimplemented syscall once on stderr (a unit test checks that); the errno
  // is what both must agree on, so the report is sent where qemu's silence goes.
  fflush(stderr);
  int saved_stderr = dup(2);
  dup2(open("/dev/null", O_WRONLY), 2);
  SHOW(syscall(999));
  dup2(saved_stderr, 2);
  SHOW(syscall(SYS_fcntl, p[0], 12345));

  return 0;
}
