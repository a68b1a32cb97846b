// Signals: SIGUSR1 handler via raise and kill, sigprocmask blocking and pending, SA_SIGINFO fields.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count, usr2_count, last_code, last_value;

static void on_usr1(int sig) {
  (void)sig;
  usr1_count++;
}

static void on_usr2(int sig, siginfo_t* info, void* context) {
  (void)context;
  usr2_count++;
  last_code = info->si_code;
  last_value = info->si_signo == sig ? info->si_value.sival_int : -1;
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGUSR1, &sa, NULL) != 0) return 1;
  raise(SIGUSR1);
  printf("after raise: %d\n", usr1_count);
  kill(getpid(), SIGUSR1);
  printf("after kill: %d\n", usr1_count);

  sigset_t block, old, pending;
  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  sigprocmask(SIG_BLOCK, &block, &old);
  raise(SIGUSR1);
  raise(SIGUSR1);  // standard signals do not queue: delivered once
  sigpending(&pending);
  printf("blocked: count=%d pending=%d\n", usr1_count, sigismember(&pending, SIGUSR1));
  sigprocmask(SIG_SETMASK, &old, NULL);
  printf("unblocked: count=%d\n", usr1_count);

  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr2;
  sa.sa_flags = SA_SIGINFO;
  sigaction(SIGUSR2, &sa, NULL);
  union sigval value = {.sival_int = 4242};
  sigqueue(getpid(), SIGUSR2, value);
  printf("sigqueue: count=%d code_is_queue=%d value=%d\n", usr2_count, last_code == SI_QUEUE,
         last_value);

  struct sigaction query;
  sigaction(SIGUSR1, NULL, &query);
  printf("handler installed=%d\n", query.sa_handler == on_usr1);
  signal(SIGUSR1, SIG_IGN);
  raise(SIGUSR1);
  printf("ignored: count=%d\n", usr1_count);

  sigemptyset(&block);
  sigaddset(&block, SIGUSR1);
  signal(SIGUSR1, SIG_DFL);
  sigprocmask(SIG_BLOCK, &block, NULL);
  raise(SIGUSR1);
  int sig = 0;
  sigwait(&block, &sig);
  printf("sigwait got %s\n", sig == SIGUSR1 ? "SIGUSR1" : "other");
  return 0;
}
