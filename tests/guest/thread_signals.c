// Signals and threads: pthread_kill targets one thread, masks are per thread, sigwait in a
// dedicated thread, and a process-directed signal reaches the one thread that leaves it unblocked.
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static _Thread_local int thread_id;
static atomic_int handled_by[4];
static atomic_int stage;

static void on_usr1(int sig) {
  (void)sig;
  atomic_fetch_add(&handled_by[thread_id], 1);
}

static void* worker(void* arg) {
  thread_id = (int)(long)arg;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  // Only thread 2 leaves SIGUSR1 unblocked for the process-directed signal later.
  pthread_sigmask(thread_id == 2 ? SIG_UNBLOCK : SIG_BLOCK, &set, NULL);
  atomic_fetch_add(&stage, 1);
  while (atomic_load(&stage) < 100) usleep(1000);
  return NULL;
}

static void* waiter(void* arg) {
  sigset_t* set = arg;
  int sig = 0;
  sigwait(set, &sig);
  return (void*)(long)sig;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);

  // Block SIGUSR1 in main (inherited by the workers, which then set their own masks).
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_t t[3];
  for (long i = 1; i <= 3; i++) pthread_create(&t[i - 1], NULL, worker, (void*)i);
  while (atomic_load(&stage) < 3) usleep(1000);

  kill(getpid(), SIGUSR1);  // only thread 2 can take it
  while (atomic_load(&handled_by[2]) == 0) usleep(1000);
  printf("process-directed: t1=%d t2=%d t3=%d\n", atomic_load(&handled_by[1]),
         atomic_load(&handled_by[2]), atomic_load(&handled_by[3]));

  pthread_kill(t[1], SIGUSR1);  // thread 2 again, directed
  while (atomic_load(&handled_by[2]) < 2) usleep(1000);
  printf("pthread_kill t2: t2=%d\n", atomic_load(&handled_by[2]));

  sigset_t usr2;
  sigemptyset(&usr2);
  sigaddset(&usr2, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &usr2, NULL);  // the waiter inherits the blocked SIGUSR2
  pthread_t w;
  pthread_create(&w, NULL, waiter, &usr2);
  pthread_kill(w, SIGUSR2);
  void* got;
  pthread_join(w, &got);
  printf("sigwait thread got %s\n", (long)got == SIGUSR2 ? "SIGUSR2" : "other");

  atomic_store(&stage, 100);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  sigset_t pending;
  sigpending(&pending);
  printf("main pending SIGUSR1=%d\n", sigismember(&pending, SIGUSR1));
  return 0;
}
