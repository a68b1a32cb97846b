// Thread churn: 400 threads created and joined in waves, detached threads, thread-local storage,
// pthread_once and barriers; the totals are deterministic.
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

enum { kWaves = 20, kPerWave = 20 };

static _Thread_local long tls_counter = 1000;
static atomic_long total;
static atomic_int detached_done;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs;
static pthread_barrier_t barrier;

static void init_once(void) { atomic_fetch_add(&once_runs, 1); }

static void* work(void* arg) {
  long id = (long)arg;
  pthread_once(&once, init_once);
  for (int i = 0; i < 100; i++) tls_counter += id;
  atomic_fetch_add(&total, tls_counter);
  return (void*)(id * 2);
}

static void* detached(void* arg) {
  (void)arg;
  atomic_fetch_add(&detached_done, 1);
  return NULL;
}

static void* at_barrier(void* arg) {
  int serial = pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD;
  atomic_fetch_add(&total, (long)arg);
  return (void*)(long)serial;
}

int main(void) {
  long joined = 0;
  for (int wave = 0; wave < kWaves; wave++) {
    pthread_t t[kPerWave];
    for (long i = 0; i < kPerWave; i++) pthread_create(&t[i], NULL, work, (void*)(wave * kPerWave + i));
    for (int i = 0; i < kPerWave; i++) {
      void* r;
      pthread_join(t[i], &r);
      joined += (long)r;
    }
  }
  printf("total=%ld joined=%ld once_runs=%d main tls=%ld\n", atomic_load(&total), joined,
         atomic_load(&once_runs), tls_counter);

  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 * 1024);
  for (int i = 0; i < 50; i++) {
    pthread_t t;
    pthread_create(&t, &attr, detached, NULL);
  }
  while (atomic_load(&detached_done) < 50) usleep(1000);
  printf("detached threads finished: %d\n", atomic_load(&detached_done));

  pthread_barrier_init(&barrier, NULL, 8);
  pthread_t b[8];
  atomic_store(&total, 0);
  for (long i = 0; i < 8; i++) pthread_create(&b[i], NULL, at_barrier, (void*)(i + 1));
  int serials = 0;
  for (int i = 0; i < 8; i++) {
    void* r;
    pthread_join(b[i], &r);
    serials += (int)(long)r;
  }
  printf("barrier: serial threads=%d sum=%ld\n", serials, atomic_load(&total));
  return 0;
}
