// C11 atomics across threads: fetch_add, CAS loops, exchange, and 8/16/32/64-bit widths.
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

enum { kThreads = 6, kIterations = 50000 };

static atomic_long counter;
static atomic_uint_least64_t cas_sum;
static _Atomic uint8_t byte_counter;
static _Atomic uint16_t half_counter;
static atomic_int max_seen;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static long spin_protected;

static void* worker(void* arg) {
  int id = (int)(long)arg;
  for (int i = 0; i < kIterations; i++) {
    atomic_fetch_add_explicit(&counter, 1, memory_order_relaxed);
    uint64_t old = atomic_load(&cas_sum);
    while (!atomic_compare_exchange_weak(&cas_sum, &old, old + (uint64_t)id)) {
    }
    atomic_fetch_add(&byte_counter, 1);
    atomic_fetch_add(&half_counter, 3);
    int cur = atomic_load(&max_seen);
    int candidate = id * kIterations + i;
    while (cur < candidate && !atomic_compare_exchange_weak(&max_seen, &cur, candidate)) {
    }
    while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire)) {
    }
    spin_protected += 2;
    atomic_flag_clear_explicit(&spin, memory_order_release);
  }
  return NULL;
}

int main(void) {
  pthread_t t[kThreads];
  for (long i = 0; i < kThreads; i++) pthread_create(&t[i], NULL, worker, (void*)i);
  for (int i = 0; i < kThreads; i++) pthread_join(t[i], NULL);
  printf("counter=%ld\n", atomic_load(&counter));
  printf("cas_sum=%llu\n", (unsigned long long)atomic_load(&cas_sum));
  printf("byte=%u half=%u\n", atomic_load(&byte_counter), atomic_load(&half_counter));
  printf("max=%d spin=%ld\n", atomic_load(&max_seen), spin_protected);
  // Each result is taken in its own statement: argument evaluation order is unspecified.
  atomic_long x = 5;
  long old = atomic_exchange(&x, 9);
  printf("exchange old=%ld now=%ld\n", old, atomic_load(&x));
  long r_and = atomic_fetch_and(&x, 12);
  long r_or = atomic_fetch_or(&x, 0x30);
  long r_xor = atomic_fetch_xor(&x, 0xff);
  printf("fetch_and=%ld fetch_or=%ld fetch_xor=%ld now=%ld\n", r_and, r_or, r_xor, atomic_load(&x));
  _Atomic int32_t neg = -1;
  int32_t r_sub = atomic_fetch_sub(&neg, 0x7fffffff);
  printf("fetch_sub 32-bit=%d now=%d\n", r_sub, atomic_load(&neg));
  _Atomic int32_t small = 0x7fffffff;
  int32_t r_add = atomic_fetch_add(&small, 1);
  printf("fetch_add wraps 32-bit: %d -> %d\n", r_add, atomic_load(&small));
  return 0;
}
