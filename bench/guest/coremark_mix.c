// Benchmark: a CoreMark-like mix (not CoreMark itself): linked-list search and reversal, integer
// matrix multiply, a number-parsing state machine and CRC-16, repeated; prints a combined CRC.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct Node {
  struct Node* next;
  int32_t value;
  int32_t index;
};

static uint16_t crc16(uint16_t crc, uint32_t data, int bits) {
  for (int i = 0; i < bits; i++) {
    uint16_t bit = (uint16_t)((crc ^ data) & 1);
    data >>= 1;
    crc >>= 1;
    if (bit) crc ^= 0xa001;
  }
  return crc;
}

static struct Node* reverse(struct Node* list) {
  struct Node* prev = NULL;
  while (list) {
    struct Node* next = list->next;
    list->next = prev;
    prev = list;
    list = next;
  }
  return prev;
}

static uint16_t list_work(struct Node* nodes, int n, int seed, uint16_t crc) {
  struct Node* head = NULL;
  for (int i = 0; i < n; i++) {
    nodes[i].value = (int32_t)((i * 7919 + seed) % 1000);
    nodes[i].index = i;
    nodes[i].next = head;
    head = &nodes[i];
  }
  for (int k = 0; k < 8; k++) {
    head = reverse(head);
    int target = (seed + k * 131) % 1000;
    int found = -1;
    for (struct Node* p = head; p; p = p->next)
      if (p->value == target) {
        found = p->index;
        break;
      }
    crc = crc16(crc, (uint32_t)found, 16);
  }
  return crc;
}

static uint16_t matrix_work(int32_t* a, int32_t* b, int32_t* c, int n, int seed, uint16_t crc) {
  for (int i = 0; i < n * n; i++) {
    a[i] = (i * 13 + seed) % 17 - 8;
    b[i] = (i * 7 + seed) % 23 - 11;
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      int32_t sum = 0;
      for (int k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  int32_t total = 0;
  for (int i = 0; i < n * n; i++) total += c[i] > 0 ? c[i] : -c[i] >> 1;
  return crc16(crc, (uint32_t)total, 32);
}

enum State { kStart, kInt, kFloat, kExponent, kInvalid };

static uint16_t state_work(const char* text, uint16_t crc) {
  int counts[5] = {0};
  enum State s = kStart;
  for (const char* p = text;; p++) {
    char ch = *p;
    if (ch == ',' || ch == 0) {
      counts[s]++;
      s = kStart;
      if (!ch) break;
      continue;
    }
    switch (s) {
      case kStart: s = (ch >= '0' && ch <= '9') || ch == '-' ? kInt : ch == '.' ? kFloat : kInvalid; break;
      case kInt: s = ch == '.' ? kFloat : (ch >= '0' && ch <= '9') ? kInt : kInvalid; break;
      case kFloat: s = ch == 'e' || ch == 'E' ? kExponent : (ch >= '0' && ch <= '9') ? kFloat : kInvalid; break;
      case kExponent: s = (ch >= '0' && ch <= '9') || ch == '-' ? kExponent : kInvalid; break;
      case kInvalid: break;
    }
  }
  for (int i = 0; i < 5; i++) crc = crc16(crc, (uint32_t)counts[i], 16);
  return crc;
}

int main(int argc, char** argv) {
  int iterations = argc > 1 ? atoi(argv[1]) : 16000;
  enum { kNodes = 400, kMatrix = 24 };
  static struct Node nodes[kNodes];
  static int32_t a[kMatrix * kMatrix], b[kMatrix * kMatrix], c[kMatrix * kMatrix];
  static const char* const kTokens[] = {"5012", "1234", "-874", "+122", "35.54", "1.2e3", "-.5e-4",
                                       "x1", "99.9.9", "0", "-", "7e", ".", "12345678"};
  char text[1024] = {0};
  uint16_t crc = 0;
  for (int it = 0; it < iterations; it++) {
    crc = list_work(nodes, kNodes, it, crc);
    crc = matrix_work(a, b, c, kMatrix, it, crc);
    size_t len = 0;
    for (int t = 0; t < 40; t++) {
      const char* token = kTokens[(it + t * 5) % 14];
      size_t tl = strlen(token);
      memcpy(text + len, token, tl);
      len += tl;
      text[len++] = ',';
    }
    text[len - 1] = 0;
    crc = state_work(text, crc);
  }
  printf("iterations %d crc %04x\n", iterations, crc);
  return 0;
}
