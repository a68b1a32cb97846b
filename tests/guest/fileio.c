// File I/O beyond read/write: readv/writev, pwrite, O_APPEND, sendfile, copy_file_range,
// truncate, utimensat with fixed times, pipe2, /dev/null and /dev/zero, isatty, large writes.
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void) {
  int fd = open("f.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  struct iovec out[3] = {{"alpha ", 6}, {"beta ", 5}, {"gamma\n", 6}};
  printf("writev=%zd\n", writev(fd, out, 3));
  char a[4] = {0}, b[8] = {0}, c[16] = {0};
  struct iovec in[3] = {{a, 3}, {b, 7}, {c, 15}};
  printf("preadv=%zd [%s][%s][%s]\n", preadv(fd, in, 3, 0), a, b, c);
  printf("pwrite=%zd offset now=%ld\n", pwrite(fd, "BETA", 4, 6), (long)lseek(fd, 0, SEEK_CUR));
  int ap = open("f.txt", O_WRONLY | O_APPEND);
  lseek(ap, 0, SEEK_SET);
  write(ap, "appended\n", 9);
  close(ap);
  char all[64] = {0};
  pread(fd, all, sizeof all - 1, 0);
  printf("content: %s", all);

  int dst = open("g.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  off_t off = 6;
  printf("sendfile=%zd off=%ld\n", sendfile(dst, fd, &off, 10), (long)off);
  loff_t in_off = 0, out_off = 100;
  ssize_t cr = copy_file_range(fd, &in_off, dst, &out_off, 5, 0);
  struct stat st;
  fstat(dst, &st);
  printf("copy_file_range=%zd size=%lld\n", cr, (long long)st.st_size);
  truncate("g.txt", 3);
  stat("g.txt", &st);
  printf("truncate size=%lld\n", (long long)st.st_size);
  struct timespec times[2] = {{1000000000, 5}, {1234567890, 123456789}};
  utimensat(AT_FDCWD, "g.txt", times, 0);
  stat("g.txt", &st);
  printf("mtime=%lld.%09ld atime=%lld\n", (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
         (long long)st.st_atim.tv_sec);
  close(dst);
  close(fd);

  int p[2];
  pipe2(p, O_CLOEXEC | O_NONBLOCK);
  printf("pipe2 cloexec=%d nonblock=%d\n", (fcntl(p[0], F_GETFD) & FD_CLOEXEC) != 0,
         (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
  int z = open("/dev/zero", O_RDONLY);
  char zeros[100];
  memset(zeros, 1, sizeof zeros);
  ssize_t zr = read(z, zeros, sizeof zeros);
  int all_zero = 1;
  for (int i = 0; i < 100; i++) all_zero &= zeros[i] == 0;
  int n = open("/dev/null", O_RDWR);
  printf("/dev/zero read=%zd zero=%d /dev/null write=%zd read=%zd\n", zr, all_zero,
         write(n, "x", 1), read(n, zeros, 10));
  printf("isatty(stdin)=%d isatty(file)=%d\n", isatty(0), isatty(z));

  fflush(stdout);
  static char big[200000];
  for (size_t i = 0; i < sizeof big; i++) big[i] = i % 80 == 79 ? '\n' : (char)('a' + i % 26);
  big[sizeof big - 1] = '\n';
  size_t done = 0;
  while (done < sizeof big) {
    ssize_t w = write(1, big + done, sizeof big - done);
    if (w <= 0) return 1;
    done += (size_t)w;
  }
  unlink("f.txt");
  unlink("g.txt");
  return 0;
}
