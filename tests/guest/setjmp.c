// setjmp/longjmp: non-local exits from nested calls keep volatile locals and return the passed value.
#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
static int depth_reached;

static void descend(int depth) {
  depth_reached = depth;
  if (depth == 50) longjmp(env, depth * 2);
  if (depth < 1000) descend(depth + 1);
}

int main(void) {
  volatile int counter = 0;
  int rc = setjmp(env);
  counter++;
  if (rc == 0) descend(0);
  printf("rc=%d depth=%d counter=%d\n", rc, depth_reached, counter);

  jmp_buf zero_env;
  volatile int rounds = 0;
  if (setjmp(zero_env) < 3) {
    rounds++;
    if (rounds < 5) longjmp(zero_env, 0);  // longjmp(…, 0) makes setjmp return 1
  }
  printf("rounds=%d\n", rounds);

  volatile double acc = 1.5;
  jmp_buf fenv;
  if (setjmp(fenv) == 0) {
    acc *= 3.0;
    longjmp(fenv, 7);
  }
  printf("acc=%g\n", acc);
  return 0;
}
