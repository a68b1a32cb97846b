// strtod/strtol/strtoul corner cases: bases, overflow and ERANGE, hex floats, subnormals, inf/nan.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static void show_l(const char* s, int base) {
  char* end;
  errno = 0;
  long v = strtol(s, &end, base);
  printf("strtol(\"%s\", %d) = %ld errno=%d consumed=%td\n", s, base, v, errno, end - s);
}

static void show_ul(const char* s, int base) {
  char* end;
  errno = 0;
  unsigned long v = strtoul(s, &end, base);
  printf("strtoul(\"%s\", %d) = %lu errno=%d consumed=%td\n", s, base, v, errno, end - s);
}

static void show_d(const char* s) {
  char* end;
  errno = 0;
  double v = strtod(s, &end);
  printf("strtod(\"%s\") = %a (%.17g) errno=%d consumed=%td\n", s, v, v, errno, end - s);
}

int main(void) {
  const char* longs[] = {"0", "-0", "  +123abc", "0x7fffffffffffffff", "9223372036854775808",
                         "-9223372036854775809", "0755", "zz", "", "-", "0x", "  -0x1F"};
  for (unsigned i = 0; i < sizeof longs / sizeof longs[0]; i++) {
    show_l(longs[i], 0);
    show_l(longs[i], 10);
  }
  show_l("zz", 36);
  show_l("101102", 2);
  show_ul("-1", 10);
  show_ul("18446744073709551615", 10);
  show_ul("18446744073709551616", 10);
  show_ul("0XfFfF", 16);
  const char* doubles[] = {"0", "-0.0", "1e308", "1e309", "-1e309", "2.2250738585072014e-308",
                           "4.9406564584124654e-324", "1e-400", "0x1.fffffffffffffp+1023",
                           "0x1p-1074", "inf", "-INFINITY", "nan", "nan(123)", "  .5e1x", "1.",
                           "123456789012345678901234567890", "0.1", "3.14159265358979323846264338",
                           "1e", "e5", "0x1.8p1", "2.5000000000000000000000001"};
  for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) show_d(doubles[i]);
  errno = 0;
  float f = strtof("3.4028236e38", NULL);
  printf("strtof overflow=%a errno=%d\n", (double)f, errno);
  printf("strtof(0.1)=%a\n", (double)strtof("0.1", NULL));
  printf("strtold(0.1)=%La\n", strtold("0.1", NULL));
  printf("atoi=%d atol=%ld atof=%g\n", atoi(" -42x"), atol("1234567890123"), atof("6.5e-1"));
  printf("strtoll min=%lld\n", strtoll("-9223372036854775808", NULL, 10));
  return 0;
}
