// Reads stdin to the end: counts lines, words and bytes and sums the numbers (like wc).
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
  char buf[256];
  size_t bytes = 0, lines = 0, words = 0;
  long sum = 0;
  int in_word = 0;
  char number[32];
  size_t nlen = 0;
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) {
      char c = buf[i];
      bytes++;
      lines += c == '\n';
      if (isspace((unsigned char)c)) {
        if (nlen) {
          number[nlen] = 0;
          sum += strtol(number, NULL, 10);
          nlen = 0;
        }
        in_word = 0;
      } else {
        if (!in_word) words++;
        in_word = 1;
        if ((isdigit((unsigned char)c) || c == '-') && nlen < sizeof number - 1) number[nlen++] = c;
      }
    }
  }
  printf("lines=%zu words=%zu bytes=%zu sum=%ld last_read=%zd\n", lines, words, bytes, sum, n);
  return 0;
}
