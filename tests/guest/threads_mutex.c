// pthreads: several threads add into shared counters under a mutex; the totals are deterministic.
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 8, kIterations = 20000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
static long per_thread_sum[kThreads];

static void* worker(void* arg) {
  long id = (long)arg;
  for (long i = 0; i < kIterations; i++) {
    pthread_mutex_lock(&lock);
    total += id + 1;
    pthread_mutex_unlock(&lock);
    per_thread_sum[id] += i;
  }
  return (void*)(id * 100);
}

int main(void) {
  pthread_t threads[kThreads];
  for (long i = 0; i < kThreads; i++)
    if (pthread_create(&threads[i], NULL, worker, (void*)i) != 0) return 1;
  long joined = 0;
  for (int i = 0; i < kThreads; i++) {
    void* ret;
    if (pthread_join(threads[i], &ret) != 0) return 2;
    joined += (long)ret;
  }
  printf("total=%ld (expect %ld)\n", total, (long)kIterations * kThreads * (kThreads + 1) / 2);
  printf("joined=%ld\n", joined);
  for (int i = 0; i < kThreads; i++) printf("thread %d sum=%ld\n", i, per_thread_sum[i]);

  pthread_rwlock_t rw;
  pthread_rwlock_init(&rw, NULL);
  pthread_rwlock_rdlock(&rw);
  printf("tryrdlock=%d trywrlock busy=%d\n", pthread_rwlock_tryrdlock(&rw) == 0,
         pthread_rwlock_trywrlock(&rw) != 0);
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_destroy(&rw);
  return 0;
}
