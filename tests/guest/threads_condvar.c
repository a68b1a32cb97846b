// Condition variables: a bounded queue between producers and consumers; sums are deterministic.
#include <pthread.h>
#include <stdio.h>

enum { kProducers = 3, kConsumers = 3, kItemsEach = 5000, kCapacity = 16 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static long queue[kCapacity];
static int head, count, producers_done;

static void* producer(void* arg) {
  long base = (long)arg * 1000000;
  for (long i = 1; i <= kItemsEach; i++) {
    pthread_mutex_lock(&lock);
    while (count == kCapacity) pthread_cond_wait(&not_full, &lock);
    queue[(head + count) % kCapacity] = base + i;
    count++;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&lock);
  }
  pthread_mutex_lock(&lock);
  producers_done++;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&lock);
  return NULL;
}

static void* consumer(void* arg) {
  long* sum = arg;
  for (;;) {
    pthread_mutex_lock(&lock);
    while (count == 0 && producers_done < kProducers) pthread_cond_wait(&not_empty, &lock);
    if (count == 0) {
      pthread_mutex_unlock(&lock);
      return NULL;
    }
    long v = queue[head];
    head = (head + 1) % kCapacity;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&lock);
    *sum += v;
  }
}

int main(void) {
  pthread_t p[kProducers], c[kConsumers];
  long sums[kConsumers] = {0};
  for (long i = 0; i < kConsumers; i++) pthread_create(&c[i], NULL, consumer, &sums[i]);
  for (long i = 0; i < kProducers; i++) pthread_create(&p[i], NULL, producer, (void*)i);
  for (int i = 0; i < kProducers; i++) pthread_join(p[i], NULL);
  for (int i = 0; i < kConsumers; i++) pthread_join(c[i], NULL);
  long total = 0;
  for (int i = 0; i < kConsumers; i++) total += sums[i];
  long expect = 0;
  for (long t = 0; t < kProducers; t++) expect += t * 1000000 * kItemsEach + (long)kItemsEach * (kItemsEach + 1) / 2;
  printf("consumed total=%ld expected=%ld equal=%d\n", total, expect, total == expect);

  // pthread_cond_timedwait with a deadline already in the past returns ETIMEDOUT.
  struct timespec past = {0, 0};
  pthread_mutex_lock(&lock);
  int rc = pthread_cond_timedwait(&not_empty, &lock, &past);
  pthread_mutex_unlock(&lock);
  printf("timedwait in the past -> %s\n", rc == 110 ? "ETIMEDOUT" : "other");
  return 0;
}
