// libm: transcendental functions, fma and rounding under every fesetround mode (printed exactly with %a).
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static const double kInputs[] = {0.0, 0.5, 1.0, -1.0, 2.0, 10.0, -3.75, 1e-8, 100.25, 0.7853981633974483};

int main(void) {
  for (unsigned i = 0; i < sizeof kInputs / sizeof kInputs[0]; i++) {
    double x = kInputs[i];
    printf("x=%a sin=%a cos=%a tan=%a exp=%a log1p=%a atan=%a sinh=%a cbrt=%a\n", x, sin(x), cos(x),
           tan(x), exp(x), log1p(fabs(x)), atan(x), sinh(x), cbrt(x));
    printf("  pow=%a pow2=%a sqrt=%a log=%a hypot=%a atan2=%a fmod=%a\n", pow(x, 3.5), pow(2.0, x),
           sqrt(fabs(x)), log(fabs(x) + 1.0), hypot(x, 3.0), atan2(x, -2.0), fmod(x, 0.3));
    float fx = (float)x;
    printf("  sinf=%a expf=%a powf=%a sqrtf=%a\n", (double)sinf(fx), (double)expf(fx),
           (double)powf(fx, 1.5f), (double)sqrtf(fabsf(fx)));
  }
  printf("fma=%a fma=%a fmaf=%a\n", fma(0.1, 10.0, -1.0), fma(1.0 + 0x1p-52, 1.0 - 0x1p-52, -1.0),
         (double)fmaf(0.1f, 10.0f, -1.0f));
  printf("sqrt(-1)=%f log(0)=%f pow(0,-1)=%f\n", sqrt(-1.0), log(0.0), pow(0.0, -1.0));
  static const int kModes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
  static const char* kNames[] = {"nearest", "upward", "downward", "towardzero"};
  static const double kRound[] = {2.5, 3.5, -2.5, -3.5, 2.4, -2.6, 1e15 + 0.5, 0.49999999999999994};
  for (int m = 0; m < 4; m++) {
    if (fesetround(kModes[m]) != 0) return 1;
    printf("%s (fegetround ok=%d):", kNames[m], fegetround() == kModes[m]);
    for (unsigned i = 0; i < sizeof kRound / sizeof kRound[0]; i++) {
      volatile double v = kRound[i];
      printf(" %ld/%a/%a", lrint(v), rint(v), nearbyint(v));
    }
    volatile double a = 1.0, b = 3.0;
    printf(" 1/3=%a\n", a / b);
  }
  fesetround(FE_TONEAREST);
  feclearexcept(FE_ALL_EXCEPT);
  volatile double z = 0.0;
  volatile double r = 1.0 / z;
  printf("divbyzero=%d inexact=%d r=%f\n", fetestexcept(FE_DIVBYZERO) != 0,
         fetestexcept(FE_INEXACT) != 0, r);
  return 0;
}
