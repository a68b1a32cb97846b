// More of the file system: umask, chmod, hard links and st_nlink, *at calls with dirfds and
// AT_EMPTY_PATH, renameat2(RENAME_NOREPLACE), FIFOs, statfs, faccessat, fchdir.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

// Prints a result and its errno name; the call is evaluated before errno is read (the order of
// evaluation of function arguments is unspecified).
static void show(const char* what, long rc) {
  int err = errno;
  printf("%s: %ld %s\n", what, rc, rc < 0 ? strerrorname_np(err) : "");
}

int main(void) {
  umask(027);
  int fd = open("a", O_CREAT | O_WRONLY, 0777);
  struct stat st;
  fstat(fd, &st);
  printf("mode under umask 027: %o\n", st.st_mode & 0777);
  fchmod(fd, 0640);
  fstat(fd, &st);
  printf("fchmod: %o\n", st.st_mode & 0777);
  chmod("a", 0600);
  stat("a", &st);
  printf("chmod: %o\n", st.st_mode & 0777);
  close(fd);

  link("a", "b");
  stat("a", &st);
  printf("after link nlink=%lu\n", (unsigned long)st.st_nlink);
  struct stat sb;
  stat("b", &sb);
  printf("same inode=%d\n", st.st_ino == sb.st_ino);
  show("link onto existing", link("a", "b"));

  mkdir("d", 0755);
  int dfd = open("d", O_RDONLY | O_DIRECTORY);
  int f2 = openat(dfd, "inner", O_CREAT | O_RDWR, 0644);
  write(f2, "12345", 5);
  fstatat(dfd, "inner", &st, 0);
  printf("fstatat size=%lld\n", (long long)st.st_size);
  fstatat(f2, "", &st, AT_EMPTY_PATH);
  printf("AT_EMPTY_PATH size=%lld\n", (long long)st.st_size);
  show("faccessat R_OK", faccessat(dfd, "inner", R_OK, 0));
  show("faccessat X_OK", faccessat(dfd, "inner", X_OK, 0));
  symlinkat("inner", dfd, "ln");
  char target[32] = {0};
  readlinkat(dfd, "ln", target, sizeof target - 1);
  printf("readlinkat=%s\n", target);
  show("renameat2 NOREPLACE onto existing", syscall(SYS_renameat2, dfd, "ln", dfd, "inner", 1));
  show("renameat2 NOREPLACE to new name", syscall(SYS_renameat2, dfd, "ln", dfd, "ln2", 1));
  show("unlinkat dir without AT_REMOVEDIR", unlinkat(AT_FDCWD, "d", 0));
  show("rmdir non-empty", rmdir("d"));
  int here = open(".", O_RDONLY);
  fchdir(dfd);
  printf("after fchdir, inner exists=%d\n", access("inner", F_OK) == 0);
  fchdir(here);

  mkfifo("fifo", 0600);
  stat("fifo", &st);
  printf("fifo is FIFO=%d\n", S_ISFIFO(st.st_mode));
  int rfd = open("fifo", O_RDONLY | O_NONBLOCK);
  int wfd = open("fifo", O_WRONLY | O_NONBLOCK);
  write(wfd, "through fifo", 12);
  char buf[32] = {0};
  ssize_t got = read(rfd, buf, sizeof buf);
  printf("fifo read=%zd [%s]\n", got, buf);
  struct statfs sfs;
  int statfs_ok = statfs(".", &sfs) == 0;
  printf("statfs ok=%d bsize>0=%d\n", statfs_ok, sfs.f_bsize > 0);
  show("mkdir existing", mkdir("d", 0755));
  show("open dir for write", open("d", O_WRONLY));
  return 0;
}
