// Environment variables: the fixed test environment, setenv/unsetenv/putenv and clearenv.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char** environ;

static int count_env(void) {
  int n = 0;
  for (char** e = environ; *e; e++) n++;
  return n;
}

int main(void) {
  const char* names[] = {"LANG", "LC_ALL", "TZ", "POLYVM_GUEST_TEST", "GUEST_VALUE", "NOT_SET_ANYWHERE"};
  for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
    const char* v = getenv(names[i]);
    printf("%s=%s\n", names[i], v ? v : "(null)");
  }
  int before = count_env();
  setenv("NEW_VAR", "one", 0);
  setenv("NEW_VAR", "two", 0);
  printf("NEW_VAR=%s\n", getenv("NEW_VAR"));
  setenv("NEW_VAR", "three", 1);
  printf("NEW_VAR=%s count+%d\n", getenv("NEW_VAR"), count_env() - before);
  static char entry[] = "PUT_VAR=put";
  putenv(entry);
  printf("PUT_VAR=%s\n", getenv("PUT_VAR"));
  unsetenv("NEW_VAR");
  printf("after unset: %s count+%d\n", getenv("NEW_VAR") ? "set" : "unset", count_env() - before);
  clearenv();
  printf("after clearenv: %d LANG=%s\n", environ == NULL ? 0 : count_env(), getenv("LANG") ? "set" : "unset");
  return 0;
}
