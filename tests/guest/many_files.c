// A directory with 3000 entries: getdents over many buffers, sorted listing checksum, then removal.
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { kFiles = 3000 };

static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  if (mkdir("many", 0755) != 0) return 1;
  char path[64];
  for (int i = 0; i < kFiles; i++) {
    snprintf(path, sizeof path, "many/file-%05d-%s", (i * 7919) % kFiles, i % 3 ? "x" : "longer-name-suffix");
    int fd = open(path, O_CREAT | O_WRONLY, 0644);
    if (fd < 0) return 2;
    if (i % 100 == 0) write(fd, path, strlen(path));
    close(fd);
  }
  DIR* d = opendir("many");
  char** names = malloc(sizeof(char*) * (kFiles + 2));
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  unsigned long hash = 5381;
  for (int i = 0; i < n; i++)
    for (const char* c = names[i]; *c; c++) hash = hash * 33 + (unsigned char)*c;
  printf("entries=%d first=%s last=%s hash=%lx\n", n, names[0], names[n - 1], hash);
  long bytes = 0;
  for (int i = 0; i < n; i++) {
    snprintf(path, sizeof path, "many/%s", names[i]);
    struct stat st;
    stat(path, &st);
    bytes += st.st_size;
    unlink(path);
    free(names[i]);
  }
  free(names);
  printf("bytes=%ld rmdir=%d\n", bytes, rmdir("many"));
  return 0;
}
