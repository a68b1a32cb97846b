// Time: CLOCK_MONOTONIC increases, nanosleep sleeps at least as long as asked, realtime is sane.
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec* t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void) {
  struct timespec a, b, r;
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec req = {0, 50 * 1000 * 1000};
  int rc = nanosleep(&req, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long slept = ns(&b) - ns(&a);
  printf("nanosleep rc=%d slept>=50ms: %d slept<5s: %d\n", rc, slept >= 50000000LL, slept < 5000000000LL);
  int increasing = 1;
  struct timespec prev = b, cur;
  for (int i = 0; i < 1000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &cur);
    if (ns(&cur) < ns(&prev)) increasing = 0;
    prev = cur;
  }
  printf("monotonic non-decreasing: %d\n", increasing);
  clock_gettime(CLOCK_REALTIME, &r);
  printf("realtime after 2020: %d\n", r.tv_sec > 1577836800);
  struct timeval tv;
  gettimeofday(&tv, NULL);
  printf("gettimeofday close to realtime: %d\n", tv.tv_sec - r.tv_sec <= 2 && tv.tv_sec >= r.tv_sec);
  // glibc's time() reads CLOCK_REALTIME_COARSE, which may lag CLOCK_REALTIME by a tick, so it
  // can still show the previous second right after r crossed one.
  time_t t = time(NULL);
  printf("time() close: %d\n", t - r.tv_sec <= 2 && r.tv_sec - t <= 1);
  struct timespec res;
  printf("clock_getres ok=%d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cur);
  printf("process cputime nonnegative=%d\n", ns(&cur) >= 0);
  clock_gettime(CLOCK_MONOTONIC, &a);
  struct timespec until = {a.tv_sec, a.tv_nsec + 20000000};
  if (until.tv_nsec >= 1000000000) {
    until.tv_sec++;
    until.tv_nsec -= 1000000000;
  }
  rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("clock_nanosleep abs rc=%d reached=%d\n", rc, ns(&b) >= ns(&until));
  struct tm tm;
  time_t fixed = 1700000000;
  gmtime_r(&fixed, &tm);
  char buf[64];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %a %j", &tm);
  printf("gmtime: %s\n", buf);
  return 0;
}
