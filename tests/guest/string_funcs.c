// Locale-free string and memory functions on many lengths and alignments (exercises glibc's variants).
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static uint32_t hash(const unsigned char* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

int main(void) {
  static unsigned char src[4096], dst[4096];
  for (int i = 0; i < 4096; i++) src[i] = (unsigned char)(i * 131 + 7);
  uint32_t acc = 0;
  for (size_t off = 0; off < 16; off++) {
    for (size_t len = 0; len < 300; len += 1 + len / 8) {
      memset(dst, 0xee, sizeof dst);
      memcpy(dst + off, src + (off * 3) % 16, len);
      acc = acc * 31 + hash(dst, 512);
      memmove(dst + off + 5, dst + off, len);
      acc = acc * 31 + hash(dst, 512);
      memmove(dst + off, dst + off + 3, len);
      acc = acc * 31 + hash(dst, 512);
      memset(dst + off, (int)len, len / 2);
      acc = acc * 31 + hash(dst, 512);
      acc += (uint32_t)(memcmp(dst, src, len) > 0) + (uint32_t)(memcmp(src + off, src + off, len) == 0);
    }
  }
  printf("mem hash=%08x\n", acc);

  char s[256];
  for (int len = 0; len < 200; len += 13) {
    memset(s, 'a' + len % 26, (size_t)len);
    s[len] = 0;
    printf("%zu:%zu:%d ", strlen(s), strnlen(s, 50), strchr(s, 'a' + len % 26) == (len ? s : NULL));
  }
  printf("\n");
  const char* hay = "the quick brown fox jumps over the lazy dog";
  printf("strstr=%td strrchr=%td strchr0=%d strpbrk=%td strspn=%zu strcspn=%zu\n",
         strstr(hay, "lazy") - hay, strrchr(hay, 'o') - hay, strchr(hay, 0) == hay + strlen(hay),
         strpbrk(hay, "xyz") - hay, strspn(hay, "the "), strcspn(hay, "q"));
  printf("strcmp=%d %d %d strncmp=%d strcasecmp=%d strncasecmp=%d\n", strcmp("abc", "abd") < 0,
         strcmp("abc", "abc"), strcmp("b", "a") > 0, strncmp("abcdef", "abcxyz", 3),
         strcasecmp("HeLLo", "hello"), strncasecmp("ABCx", "abcy", 3));
  char buf[64] = "start";
  strcat(buf, "-cat");
  const char* volatile ncat_source = "-ncat-long";  // opaque: the truncation is the point
  strncat(buf, ncat_source, 5);
  printf("%s %zu\n", buf, strlen(buf));
  char copy[20];
  const char* volatile ncpy_source = "0123456789abcdefXYZ";
  volatile size_t ncpy_bound = 16;
  strncpy(copy, ncpy_source, ncpy_bound);
  printf("strncpy no terminator: %.16s\n", copy);
  char tok[] = "a,b,,c;d";
  char* save;
  printf("tokens:");
  for (char* t = strtok_r(tok, ",;", &save); t; t = strtok_r(NULL, ",;", &save)) printf(" %s", t);
  printf("\n");
  printf("memchr=%td memrchr=%td\n", (char*)memchr(hay, 'q', 43) - hay, (char*)memrchr(hay, 't', 43) - hay);
  char* dup = strdup(hay);
  printf("strdup equal=%d ffs=%d ffsl=%d\n", strcmp(dup, hay) == 0, ffs(0x80), ffsl(1L << 40));
  return 0;
}
