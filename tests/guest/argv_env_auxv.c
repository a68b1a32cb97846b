// The initial stack: argv, envp and the auxiliary vector (AT_PAGESZ, AT_HWCAP, AT_RANDOM, ...).
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static int compare_strings(const void* a, const void* b) {
  return strcmp(*(const char* const*)a, *(const char* const*)b);
}

int main(int argc, char** argv, char** envp) {
  printf("argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
  printf("argv[argc]==NULL: %d\n", argv[argc] == NULL);
  const char* base = strrchr(argv[0], '/');
  printf("argv[0] basename=%s\n", base ? base + 1 : argv[0]);
  // Sorted: qemu-user hands the guest its environment in reverse order, Linux keeps the order.
  const char* guest_vars[16];
  int envc = 0, nguest = 0;
  for (char** e = envp; *e; e++) {
    if (strncmp(*e, "GUEST_", 6) == 0 && nguest < 16) guest_vars[nguest++] = *e;
    envc++;
  }
  qsort(guest_vars, (size_t)nguest, sizeof guest_vars[0], compare_strings);
  for (int i = 0; i < nguest; i++) printf("env %s\n", guest_vars[i]);
  printf("envp has entries: %d\n", envc > 0);
  printf("AT_PAGESZ=%lu\n", getauxval(AT_PAGESZ));
  printf("AT_HWCAP nonzero=%d\n", getauxval(AT_HWCAP) != 0);
  unsigned long hwcap = getauxval(AT_HWCAP);
  printf("hwcap I=%d M=%d A=%d F=%d D=%d C=%d\n", !!(hwcap & (1 << ('I' - 'A'))),
         !!(hwcap & (1 << ('M' - 'A'))), !!(hwcap & (1 << ('A' - 'A'))), !!(hwcap & (1 << ('F' - 'A'))),
         !!(hwcap & (1 << ('D' - 'A'))), !!(hwcap & (1 << ('C' - 'A'))));
  printf("AT_RANDOM present=%d\n", getauxval(AT_RANDOM) != 0);
  printf("AT_PHDR present=%d AT_PHENT=%lu\n", getauxval(AT_PHDR) != 0, getauxval(AT_PHENT));
  printf("AT_ENTRY present=%d\n", getauxval(AT_ENTRY) != 0);
  printf("AT_UID=%lu AT_EUID=%lu AT_SECURE=%lu\n", getauxval(AT_UID) == getuid() ? 1ul : 0ul,
         getauxval(AT_EUID) == geteuid() ? 1ul : 0ul, getauxval(AT_SECURE));
  printf("AT_EXECFN basename=%s\n", strrchr((const char*)getauxval(AT_EXECFN), '/') + 1);
  printf("sysconf pagesize=%ld\n", sysconf(_SC_PAGESIZE));
  return 0;
}
