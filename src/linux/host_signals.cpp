// The host side of guest signals: polyvm's host handlers, and host dispositions and masks kept
// in step with the guest's so the host kernel does the queueing, default actions and exec rules.
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstring>
#include <utility>

#include "guest/riscv64/interpreter.h"
#include "linux/signal_state.h"
#include "linux/signals.h"

namespace polyvm::linux_user {

namespace {

/// struct kernel_sigaction of the x86_64 host (rt_sigaction's own layout, with sa_restorer).
struct HostKernelSigaction {
  void* handler = nullptr;
  unsigned long flags = 0;
  void* restorer = nullptr;
  u64 mask = 0;
};
constexpr unsigned long kHostSaRestorer = 0x04000000;
constexpr u64 kAlwaysUnblockedOnHost = sig_bit(SIGSEGV) | sig_bit(SIGBUS);
constexpr std::size_t kHostAltstackSize = 64 * 1024;
constexpr u32 kLiA7Sigreturn = 0x08b00893;  // addi a7, zero, 139 (rt_sigreturn)
constexpr u32 kEcall = 0x00000073;

Process* g_process = nullptr;
void* g_restorer = nullptr;  // glibc's __restore_rt, reused for raw rt_sigaction
u64 g_trampoline = 0;
std::array<GuestSiginfo, kMaxSignal + 1> g_shared_info{};
thread_local std::array<GuestSiginfo, kMaxSignal + 1> t_info{};
thread_local HostFault t_host_fault;

long raw_sigaction(int signal, const HostKernelSigaction* act, HostKernelSigaction* old) {
  // Raw so that glibc's reserved signals (SIGCANCEL 32, SIGSETXID 33) work for the guest too.
  return ::syscall(SYS_rt_sigaction, signal, act, old, kSigsetSize);
}

GuestSiginfo to_guest_siginfo(const siginfo_t* info) {
  static_assert(sizeof(siginfo_t) == sizeof(GuestSiginfo));
  GuestSiginfo guest;
  std::memcpy(static_cast<void*>(&guest), info, sizeof(guest));
  return guest;
}

// SAFETY: a host signal handler; touches only atomics and this thread's own siginfo slots.
void on_guest_signal(int signal, siginfo_t* info, void*) {
  Thread* thread = current_thread();
  if (thread == nullptr) {
    g_shared_info[signal] = to_guest_siginfo(info);
    if (g_process) g_process->shared_pending.fetch_or(sig_bit(signal));
    return;
  }
  t_info[signal] = to_guest_siginfo(info);
  thread->pending.fetch_or(sig_bit(signal));
  thread->cpu.interrupt_request.store(1, std::memory_order_release);
}

// SAFETY: a host signal handler. Kernel-made faults are the guest's when the interpreter can
// unwind them; otherwise polyvm crashed and dies as it would without this handler.
void on_fault_signal(int signal, siginfo_t* info, void* context) {
  if (info->si_code <= 0) {  // sent with kill/tgkill/sigqueue: an asynchronous guest signal
    on_guest_signal(signal, info, context);
    return;
  }
  t_host_fault = HostFault{signal, info->si_code, info->si_addr};
  guest::riscv64::Interpreter::recover_from_host_fault(info->si_addr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(signal, &dfl, nullptr);  // returning re-runs the fault, now fatal
}

void install_fault_handler(int signal) {
  struct sigaction action {};
  action.sa_sigaction = on_fault_signal;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigfillset(&action.sa_mask);
  ::sigaction(signal, &action, nullptr);
}

}  // namespace

Thread*& current_thread() {
  thread_local Thread* thread = nullptr;
  return thread;
}

void install_host_signal_handlers(Process& process) {
  g_process = &process;
  set_up_host_altstack();
  install_fault_handler(SIGSEGV);
  install_fault_handler(SIGBUS);
  HostKernelSigaction installed;
  raw_sigaction(SIGSEGV, nullptr, &installed);
  g_restorer = installed.restorer;
  inherit_host_dispositions(process);
  map_sigreturn_trampoline(process);
}

void mirror_sigaction(int signal, const GuestSigaction& action) {
  if (signal == SIGKILL || signal == SIGSTOP || signal == SIGSEGV || signal == SIGBUS) return;
  HostKernelSigaction host;
  if (action.handler == kSigDfl || action.handler == kSigIgn) {
    host.handler = action.handler == kSigDfl ? reinterpret_cast<void*>(SIG_DFL)
                                             : reinterpret_cast<void*>(SIG_IGN);
  } else {
    // SAFETY: installs on_guest_signal, which is async-signal-safe.
    host.handler = reinterpret_cast<void*>(on_guest_signal);
    host.flags = SA_SIGINFO | SA_ONSTACK;  // no SA_RESTART: an EINTR lets the guest handler run
    host.mask = ~u64{0};
  }
  host.flags |= kHostSaRestorer;
  host.restorer = g_restorer;
  raw_sigaction(signal, &host, nullptr);
}

u64 host_mask_for(u64 guest_mask) {
  return guest_mask & ~kAlwaysUnblockedOnHost & ~kUnblockable;
}

HostFault take_host_fault() {
  return std::exchange(t_host_fault, HostFault{});
}

void mirror_mask(u64 guest_mask) {
  u64 mask = host_mask_for(guest_mask);
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &mask, nullptr, kSigsetSize);
}

u64 host_mask() {
  u64 mask = 0;
  ::syscall(SYS_rt_sigprocmask, SIG_BLOCK, nullptr, &mask, kSigsetSize);
  return mask;
}

u64 host_pending() {
  u64 set = 0;
  ::syscall(SYS_rt_sigpending, &set, kSigsetSize);
  return set;
}

void set_up_host_altstack() {
  // SAFETY: a private anonymous mapping owned by this host thread for its whole life.
  void* stack = ::mmap(nullptr, kHostAltstackSize, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (stack == MAP_FAILED) return;
  stack_t ss{.ss_sp = stack, .ss_flags = 0, .ss_size = kHostAltstackSize};
  ::sigaltstack(&ss, nullptr);
}

void inherit_host_dispositions(Process& process) {
  for (int signal = 1; signal <= kMaxSignal; ++signal) {
    HostKernelSigaction host;
    if (raw_sigaction(signal, nullptr, &host) == 0 &&
        host.handler == reinterpret_cast<void*>(SIG_IGN)) {
      process.sigactions[signal].handler = kSigIgn;
    }
  }
}

GuestSiginfo recorded_siginfo(int signal) {
  GuestSiginfo info = t_info[signal];
  if (info.signo != signal) info = g_shared_info[signal];
  if (info.signo != signal) info = GuestSiginfo{.signo = signal, .code = SI_KERNEL};
  t_info[signal] = {};
  return info;
}

u64 sigreturn_trampoline() {
  return g_trampoline;
}

void map_sigreturn_trampoline(Process& process) {
  s64 addr = process.memory().mmap(0, kPageSize, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, "[vdso]");
  if (addr < 0) return;
  const u32 code[] = {kLiA7Sigreturn, kEcall};
  // SAFETY: the page was just mapped writable for us inside the reservation.
  std::memcpy(process.space().host(static_cast<u64>(addr)), code, sizeof(code));
  process.memory().mprotect(static_cast<u64>(addr), kPageSize, PROT_READ | PROT_EXEC);
  g_trampoline = static_cast<u64>(addr);
}

}  // namespace polyvm::linux_user
