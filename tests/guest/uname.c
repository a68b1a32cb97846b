// uname reports the riscv64 machine and a Linux system name.
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(void) {
  struct utsname u;
  if (uname(&u) != 0) return 1;
  printf("sysname=%s\n", u.sysname);
  printf("machine=%s\n", u.machine);
  printf("release nonempty=%d\n", strlen(u.release) > 0);
  return 0;
}
