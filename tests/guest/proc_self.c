// /proc/self as the guest must see it: cmdline holds the guest argv, stat names the guest program,
// auxv matches getauxval, maps lists the program's own file.
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static ssize_t slurp(const char* path, char* buf, size_t size) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return -1;
  ssize_t total = 0, n;
  while ((n = read(fd, buf + total, size - 1 - (size_t)total)) > 0) total += n;
  close(fd);
  buf[total] = 0;
  return total;
}

int main(int argc, char** argv) {
  static char buf[1 << 16];
  ssize_t n = slurp("/proc/self/cmdline", buf, sizeof buf);
  int args = 0;
  printf("cmdline:");
  for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1, args++) {
    if (i == 0) {
      const char* base = strrchr(buf, '/');
      printf(" [%s]", base ? base + 1 : buf);
    } else {
      printf(" [%s]", buf + i);
    }
  }
  printf(" (%d strings, argc %d)\n", args, argc);

  n = slurp("/proc/self/stat", buf, sizeof buf);
  char* open_paren = strchr(buf, '(');
  char* close_paren = strrchr(buf, ')');
  if (open_paren && close_paren) *close_paren = 0;
  printf("stat comm=%s\n", open_paren ? open_paren + 1 : "?");
  const char* base = strrchr(argv[0], '/');
  base = base ? base + 1 : argv[0];

  n = slurp("/proc/self/auxv", buf, sizeof buf);
  unsigned long page = 0, hwcap = 0, entries = 0;
  for (Elf64_auxv_t* a = (Elf64_auxv_t*)buf; (char*)(a + 1) <= buf + n && a->a_type != AT_NULL; a++) {
    entries++;
    if (a->a_type == AT_PAGESZ) page = a->a_un.a_val;
    if (a->a_type == AT_HWCAP) hwcap = a->a_un.a_val;
  }
  printf("auxv: entries>5=%d AT_PAGESZ=%lu hwcap matches getauxval=%d\n", entries > 5, page,
         hwcap == getauxval(AT_HWCAP));

  n = slurp("/proc/self/maps", buf, sizeof buf);
  int lines = 0, exe_lines = 0, stack = 0;
  for (char* line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    lines++;
    const char* path = strchr(line, '/');
    const char* name = path ? strrchr(path, '/') + 1 : "";
    exe_lines += strcmp(name, base) == 0;
    stack += strstr(line, "[stack]") != NULL;
  }
  printf("maps: lines>3=%d lines naming the program>0=%d [stack]=%d\n", lines > 3, exe_lines > 0, stack);
  return 0;
}
