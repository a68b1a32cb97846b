// Files and directories: create, write, read back, stat, rename, unlink, mkdir, sorted readdir, symlinks.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      printf("FAILED line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
      return 1;                                                      \
    }                                                                \
  } while (0)

static int cmp(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

static int list_dir(const char* path) {
  DIR* d = opendir(path);
  if (!d) return -1;
  char* names[64];
  int n = 0;
  struct dirent* e;
  while ((e = readdir(d)) != NULL && n < 64) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof names[0], cmp);
  printf("%s:", path);
  for (int i = 0; i < n; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
  return n;
}

int main(void) {
  const char text[] = "hello, file\nsecond line\n";
  int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
  CHECK(fd >= 0);
  CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
  CHECK(close(fd) == 0);

  struct stat st;
  CHECK(stat("a.txt", &st) == 0);
  printf("size=%lld regular=%d mode=%o\n", (long long)st.st_size, S_ISREG(st.st_mode),
         st.st_mode & 0777);

  char buf[128] = {0};
  fd = open("a.txt", O_RDONLY);
  CHECK(fd >= 0);
  CHECK(read(fd, buf, sizeof buf) == (ssize_t)(sizeof text - 1));
  printf("read back equal=%d\n", strcmp(buf, text) == 0);
  CHECK(lseek(fd, 7, SEEK_SET) == 7);
  memset(buf, 0, sizeof buf);
  CHECK(pread(fd, buf, 4, 13) == 4);
  printf("pread=[%s]\n", buf);
  CHECK(close(fd) == 0);

  FILE* f = fopen("b.txt", "w+");
  CHECK(f != NULL);
  for (int i = 0; i < 1000; i++) fprintf(f, "%d\n", i * i);
  rewind(f);
  long sum = 0;
  int v;
  while (fscanf(f, "%d", &v) == 1) sum += v;
  printf("sum=%ld tell=%ld\n", sum, ftell(f));
  fclose(f);

  CHECK(mkdir("sub", 0755) == 0);
  CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST);
  CHECK(mkdir("sub/deeper", 0700) == 0);
  CHECK(rename("b.txt", "sub/c.txt") == 0);
  CHECK(access("b.txt", F_OK) == -1 && errno == ENOENT);
  CHECK(symlink("../a.txt", "sub/link") == 0);
  char target[64] = {0};
  ssize_t n = readlink("sub/link", target, sizeof target - 1);
  CHECK(n > 0);
  printf("readlink=%s (%zd)\n", target, n);
  CHECK(lstat("sub/link", &st) == 0);
  printf("lstat symlink=%d\n", S_ISLNK(st.st_mode));
  CHECK(stat("sub/link", &st) == 0);
  printf("stat through link size=%lld\n", (long long)st.st_size);
  CHECK(list_dir(".") == 4);
  CHECK(list_dir("sub") == 5);

  CHECK(chdir("sub") == 0);
  fd = openat(AT_FDCWD, "deeper/new", O_CREAT | O_RDWR, 0600);
  CHECK(fd >= 0);
  CHECK(ftruncate(fd, 12345) == 0);
  CHECK(fstat(fd, &st) == 0);
  printf("ftruncate size=%lld\n", (long long)st.st_size);
  close(fd);
  CHECK(chdir("..") == 0);

  CHECK(unlink("sub/link") == 0);
  CHECK(unlink("sub/c.txt") == 0);
  CHECK(unlink("sub/deeper/new") == 0);
  CHECK(rmdir("sub/deeper") == 0);
  CHECK(rmdir("sub") == 0);
  CHECK(unlink("a.txt") == 0);
  CHECK(open("a.txt", O_RDONLY) == -1 && errno == ENOENT);
  CHECK(list_dir(".") == 2);
  printf("done\n");
  return 0;
}
