// Guest signal delivery as the riscv64 kernel does it: pick, default action or handler frame.
#include "linux/signals.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bit>
#include <cstdio>

#include "linux/signal_state.h"
#include "linux/thread_exit.h"

namespace polyvm::linux_user {

namespace {

using guest::riscv64::Exit;
using guest::riscv64::ExitReason;

constexpr int kIllIllopc = 1;
constexpr int kTrapBrkpt = 1;
constexpr int kSegvMaperr = 1;
constexpr int kSegvAccerr = 2;
constexpr int kBusAdraln = 1;
constexpr u64 kDefaultIgnored =
    sig_bit(SIGCHLD) | sig_bit(SIGCONT) | sig_bit(SIGURG) | sig_bit(SIGWINCH);
constexpr u64 kDefaultStop =
    sig_bit(SIGSTOP) | sig_bit(SIGTSTP) | sig_bit(SIGTTIN) | sig_bit(SIGTTOU);

thread_local Thread* t_attached = nullptr;
thread_local std::optional<u64> t_suspend_saved_mask;

GuestSigaction take_action(Process& process, int signal) {
  std::lock_guard lock(process.sigaction_lock);
  GuestSigaction action = process.sigactions[signal];
  bool is_handler = action.handler != kSigDfl && action.handler != kSigIgn;
  if (is_handler && (action.flags & kSaResethand)) {
    process.sigactions[signal] = GuestSigaction{};
    mirror_sigaction(signal, process.sigactions[signal]);
  }
  return action;
}

void take_default_action(int signal) {
  if (kDefaultIgnored & sig_bit(signal)) return;
  if (kDefaultStop & sig_bit(signal)) {
    ::kill(::getpid(), SIGSTOP);
    return;
  }
  die_by_signal(signal);
}

/// setup_rt_frame plus signal_setup_done: frame, registers, then the handler's mask.
void run_handler(Thread& thread, int signal, const GuestSigaction& action,
                 const GuestSiginfo& info) {
  u64 sp = thread.cpu.x[2];
  u64 stack_top = sp;
  bool use_altstack = (action.flags & kSaOnstack) && thread.altstack.flags != kSsDisable &&
                      !on_altstack(thread, sp);
  if (use_altstack) stack_top = thread.altstack.sp + thread.altstack.size;
  FrameRequest request{.signal = signal,
                       .handler = action.handler,
                       .restorer = sigreturn_trampoline(),
                       .stack_top = stack_top,
                       .saved_mask = t_suspend_saved_mask.value_or(thread.blocked.load()),
                       .altstack = altstack_report(thread, sp),
                       .info = info};
  if (!set_up_signal_frame(thread, request)) die_by_signal(SIGSEGV);
  t_suspend_saved_mask.reset();
  if (use_altstack && (thread.altstack.flags & kSsAutodisarm)) thread.altstack = SigAltStack{};
  u64 mask = thread.blocked.load() | action.mask;
  if (!(action.flags & kSaNodefer)) mask |= sig_bit(signal);
  set_guest_mask(thread, mask);
}

void deliver(Thread& thread, int signal, const GuestSiginfo& info) {
  GuestSigaction action = take_action(thread.process, signal);
  if (action.handler == kSigIgn) return;
  if (action.handler == kSigDfl) return take_default_action(signal);
  run_handler(thread, signal, action, info);
}

/// The lowest pending signal the thread does not block, removed from its pending set.
int take_deliverable(Thread& thread) {
  for (;;) {
    u64 mine = thread.pending.load() & ~thread.blocked.load();
    u64 shared = thread.process.shared_pending.load() & ~thread.blocked.load();
    u64 both = mine | shared;
    if (both == 0) return 0;
    int signal = std::countr_zero(both) + 1;
    auto& source = (mine & sig_bit(signal)) ? thread.pending : thread.process.shared_pending;
    if (source.fetch_and(~sig_bit(signal)) & sig_bit(signal)) return signal;
  }
}

struct FaultSignal {
  int signal;
  GuestSiginfo info;
};

FaultSignal fault_signal(Thread& thread, const Exit& exit) {
  auto make = [](int signal, int code, u64 addr) {
    GuestSiginfo info{.signo = signal, .code = code};
    info.fields.addr = addr;
    return FaultSignal{signal, info};
  };
  switch (exit.reason) {
    case ExitReason::kIllegalInstruction:
      return make(SIGILL, kIllIllopc, exit.pc);
    case ExitReason::kEbreak:
      return make(SIGTRAP, kTrapBrkpt, exit.pc);
    case ExitReason::kMisalignedAtomic:
      return make(SIGBUS, kBusAdraln, exit.fault_addr);
    default:
      break;
  }
  // A file mapping beyond the end of its file faults on the host with SIGBUS, as natively.
  HostFault host = take_host_fault();
  if (host.signal == SIGBUS && thread.process.space().holds_host(host.addr)) {
    return make(SIGBUS, host.code, thread.process.space().guest(host.addr));
  }
  bool mapped = thread.process.memory().accessible(exit.fault_addr, 1, 0);
  return make(SIGSEGV, mapped ? kSegvAccerr : kSegvMaperr, exit.fault_addr);
}

}  // namespace

void attach_thread(Thread& thread) {
  if (t_attached == &thread) return;
  t_attached = &thread;
  current_thread() = &thread;
  // The host mask is the guest's minus SIGSEGV/SIGBUS; at exec it is the inherited mask.
  thread.blocked.fetch_or(host_mask() & ~kUnblockable);
  set_up_host_altstack();
}

void set_guest_mask(Thread& thread, u64 mask) {
  mask &= ~kUnblockable;
  thread.blocked.store(mask);
  mirror_mask(mask);
}

void enter_temporary_mask(Thread& thread, u64 mask) {
  u64 saved = thread.blocked.load();
  set_guest_mask(thread, mask);
  t_suspend_saved_mask = saved;
}

u64 pending_signals(const Thread& thread) {
  return thread.pending.load() | thread.process.shared_pending.load() | host_pending();
}

std::optional<GuestSiginfo> take_pending(Thread& thread, u64 set) {
  for (int signal = 1; signal <= kMaxSignal; ++signal) {
    if (!(set & sig_bit(signal))) continue;
    if (thread.pending.fetch_and(~sig_bit(signal)) & sig_bit(signal) ||
        thread.process.shared_pending.fetch_and(~sig_bit(signal)) & sig_bit(signal)) {
      return recorded_siginfo(signal);
    }
  }
  return std::nullopt;
}

bool on_altstack(const Thread& thread, u64 sp) {
  return thread.altstack.flags != kSsDisable && sp > thread.altstack.sp &&
         sp - thread.altstack.sp <= thread.altstack.size;
}

GuestStackT altstack_report(const Thread& thread, u64 sp) {
  int flags = on_altstack(thread, sp) ? kSsOnstack : thread.altstack.size == 0 ? kSsDisable : 0;
  return GuestStackT{.sp = thread.altstack.sp,
                     .flags = flags | (thread.altstack.flags & kSsAutodisarm),
                     .size = thread.altstack.size};
}

void deliver_pending_signals(Thread& thread) {
  attach_thread(thread);
  thread.cpu.interrupt_request.store(0, std::memory_order_relaxed);
  while (int signal = take_deliverable(thread)) deliver(thread, signal, recorded_siginfo(signal));
  if (t_suspend_saved_mask) {  // rt_sigsuspend woke without running a handler
    set_guest_mask(thread, *t_suspend_saved_mask);
    t_suspend_saved_mask.reset();
  }
}

void raise_synchronous_signal(Thread& thread, const Exit& exit) {
  attach_thread(thread);
  auto [signal, info] = fault_signal(thread, exit);
  thread.cpu.pc = exit.pc;
  GuestSigaction action;
  {
    std::lock_guard lock(thread.process.sigaction_lock);
    action = thread.process.sigactions[signal];
  }
  // force_sig_fault: a blocked or ignored synchronous signal kills the process.
  bool handled = action.handler != kSigDfl && action.handler != kSigIgn;
  if (!handled || (thread.blocked.load() & sig_bit(signal))) die_by_signal(signal);
  run_handler(thread, signal, take_action(thread.process, signal), info);
}

void die_by_signal(int signal) {
  notify_exit(0, signal);
  rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  std::fflush(nullptr);
  mirror_sigaction(signal, GuestSigaction{});
  if (signal == SIGSEGV || signal == SIGBUS) ::signal(signal, SIG_DFL);
  u64 only = sig_bit(signal);
  ::syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &only, nullptr, kSigsetSize);
  ::syscall(SYS_tgkill, ::getpid(), ::gettid(), signal);
  ::_exit(128 + signal);  // signals whose default is not to terminate
}

}  // namespace polyvm::linux_user
