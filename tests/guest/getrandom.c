// getrandom returns the requested length; the bytes are not all zero; /dev/urandom also reads.
#include <fcntl.h>
#include <stdio.h>
#include <sys/random.h>
#include <unistd.h>

int main(void) {
  static const size_t kSizes[] = {0, 1, 16, 256, 4096};
  for (unsigned i = 0; i < sizeof kSizes / sizeof kSizes[0]; i++) {
    unsigned char buf[4096] = {0};
    ssize_t n = getrandom(buf, kSizes[i], 0);
    int nonzero = 0;
    for (ssize_t k = 0; k < n; k++) nonzero |= buf[k];
    printf("getrandom(%zu) = %zd, nonzero=%d\n", kSizes[i], n, kSizes[i] >= 16 ? nonzero != 0 : 1);
  }
  unsigned char b[32];
  printf("GRND_NONBLOCK: %zd\n", getrandom(b, sizeof b, GRND_NONBLOCK));
  int fd = open("/dev/urandom", O_RDONLY);
  printf("/dev/urandom read=%zd\n", fd >= 0 ? read(fd, b, sizeof b) : -1);
  if (fd >= 0) close(fd);
  return 0;
}
