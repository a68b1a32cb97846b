// printf formatting of integers, floating point (%f %e %g %a) and field widths/precisions.
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>

int main(void) {
  printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", -42, INT_MIN, UINT_MAX, 0xdeadbeefu, 0xcafeu, 0755);
  printf("[%ld] [%lld] [%lu] [%" PRIx64 "] [%" PRId64 "]\n", LONG_MIN, LLONG_MAX, ULONG_MAX,
         UINT64_C(0x0123456789abcdef), INT64_MIN);
  printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%*d] [%-*d]\n", 42, 42, 42, 42, 42, 7, 6, 9, 6, 9);
  printf("[%hhd] [%hd] [%hhu] [%hu] [%#x] [%#o] [%zu] [%td]\n", (signed char)200, (short)70000,
         (unsigned char)300, (unsigned short)-1, 255, 8, sizeof(long double), (ptrdiff_t)-3);
  printf("[%s] [%10s] [%-10s] [%.2s] [%c] [%%]\n", "abc", "right", "left", "truncate", 'Z');
  double values[] = {0.0, -0.0, 1.0, -1.5, 3.141592653589793, 1e-300, 6.02214076e23, 1.0 / 3.0,
                     2.5, 0.1, 123456789.987654321, 4.9406564584124654e-324, INFINITY, -INFINITY, NAN};
  for (unsigned i = 0; i < sizeof values / sizeof values[0]; i++) {
    double v = values[i];
    printf("%f|%.0f|%.10f|%e|%.3E|%g|%G|%.17g|%a|%A|%12.4f|%-12.2e|%+g\n", v, v, v, v, v, v, v, v,
           v, v, v, v, v);
  }
  float f = 1.1f;
  printf("%a %.9g %f\n", (double)f, (double)f, (double)f);
  long double ld = 1.0L / 3.0L;
  printf("%Lf %.30Lg %La\n", ld, ld, ld);
  printf("%.0f %.0f %.0f %.0f\n", 0.5, 1.5, 2.5, -0.5);  // round-half-even in the C library
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%s-%d-%.2f", "snprintf", 12345, 2.0 / 3.0);
  printf("%d [%s]\n", n, buf);
  const char* volatile too_long = "this is too long";  // opaque: the truncation is the point
  n = snprintf(buf, 8, "%s", too_long);
  printf("%d [%s]\n", n, buf);
  return 0;
}
