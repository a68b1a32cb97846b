// See execution_gate.h. Thread side and controller side meet Dekker-style: each stores its own
// flag, fences, then reads the other's, so either the thread sees the gate closed or the
// controller sees the thread running and interrupts it.
#include "linux/execution_gate.h"

#include <algorithm>

#include "linux/thread.h"

namespace polyvm::linux_user {

namespace {

/// How often pause() re-interrupts threads still running while it waits (a thread may clear
/// its interrupt request for a signal just as the controller sets it).
constexpr auto kReinterruptPeriod = std::chrono::microseconds(200);

bool gated(const Thread& thread) {
  return thread.process.gate().enabled() && thread.gate.gated;
}

}  // namespace

void ExecutionGate::disable_after_fork() {
  // The parent's mutex may have been held by a thread that does not exist here: never lock it.
  enabled_.store(false);
}

bool ExecutionGate::must_wait(const Thread& thread) const {
  return closed_.load() || thread.gate.action.load() == ResumeAction::kStay;
}

bool ExecutionGate::all_stopped() const {
  return std::ranges::none_of(
      threads_, [](const Thread* thread) { return thread->gate.state.load() == RunState::kGuest; });
}

void ExecutionGate::interrupt_all() {
  for (Thread* thread : threads_) {
    if (thread->gate.state.load() == RunState::kGuest) {
      thread->cpu.interrupt_request.store(1, std::memory_order_release);
    }
  }
}

void ExecutionGate::park(std::unique_lock<std::mutex>& lock, Thread& thread, bool publish_pc) {
  GateSlot& slot = thread.gate;
  if (publish_pc) slot.pc.store(thread.cpu.pc);
  while (must_wait(thread)) {
    slot.state.store(RunState::kParked);
    controller_cv_.notify_all();
    threads_cv_.wait(lock);
  }
  slot.state.store(RunState::kGuest);
}

void ExecutionGate::attach(Thread& thread) {
  if (!gated(thread)) return;
  std::scoped_lock lock(mutex_);
  thread.gate.state.store(RunState::kOutside);
  thread.gate.pc.store(thread.cpu.pc);
  threads_.push_back(&thread);
}

void ExecutionGate::detach(Thread& thread) {
  if (!gated(thread)) return;
  std::scoped_lock lock(mutex_);
  auto it = std::ranges::find(threads_, &thread);
  if (it == threads_.end()) return;
  ended_instret_ += thread.cpu.instret;
  ended_decoded_ += thread.interpreter.instructions_decoded();
  threads_.erase(it);
  controller_cv_.notify_all();
}

void ExecutionGate::checkpoint(Thread& thread) {
  stop_point(thread, /*publish_pc=*/true);
}

void ExecutionGate::stop_point(Thread& thread, bool publish_pc) {
  if (!gated(thread)) return;
  thread.gate.state.store(RunState::kGuest);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (!must_wait(thread)) return;
  std::unique_lock lock(mutex_);
  park(lock, thread, publish_pc);
}

void ExecutionGate::enter_syscall(Thread& thread, u64 ecall_pc) {
  if (!gated(thread)) return;
  GateSlot& slot = thread.gate;
  slot.syscall_regs = thread.cpu;
  slot.syscall_regs.pc = ecall_pc;
  slot.pc.store(ecall_pc);
  slot.state.store(RunState::kSyscall);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  if (closed_.load()) {
    std::scoped_lock lock(mutex_);
    controller_cv_.notify_all();
  }
}

// A thread paused in its syscall stays reported at its ecall until the gate opens, so what
// query-cpus shows does not move while the VM is paused.
void ExecutionGate::leave_syscall(Thread& thread) {
  stop_point(thread, /*publish_pc=*/false);
}

void ExecutionGate::report_stop(Thread& thread, const StopReport& report) {
  std::unique_lock lock(mutex_);
  const bool kept = !stop_report_.has_value();
  if (kept) stop_report_ = report;
  closed_.store(true);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  interrupt_all();
  if (kept && stop_listener_) {
    std::function<void()> listener = stop_listener_;
    lock.unlock();
    listener();
    lock.lock();
  }
  park(lock, thread, /*publish_pc=*/true);
}

void ExecutionGate::publish_counts(Thread& thread) {
  if (!gated(thread)) return;
  thread.gate.instret.store(thread.cpu.instret, std::memory_order_relaxed);
  thread.gate.decoded.store(thread.interpreter.instructions_decoded(), std::memory_order_relaxed);
}

Result<void> ExecutionGate::pause(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(mutex_);
  closed_.store(true);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  interrupt_all();
  while (!all_stopped()) {
    if (controller_cv_.wait_for(lock, kReinterruptPeriod) == std::cv_status::timeout) {
      if (std::chrono::steady_clock::now() > deadline) {
        return fail("guest threads did not stop within {} ms", timeout.count());
      }
      interrupt_all();
    }
  }
  return {};
}

void ExecutionGate::resume(const std::function<ResumeAction(int tid)>& action_for) {
  std::scoped_lock lock(mutex_);
  for (Thread* thread : threads_) {
    thread->gate.action.store(action_for ? action_for(thread->tid) : ResumeAction::kContinue);
  }
  stop_report_.reset();
  generation_.fetch_add(1);
  closed_.store(false);
  threads_cv_.notify_all();
}

std::vector<ThreadView> ExecutionGate::threads() {
  std::scoped_lock lock(mutex_);
  std::vector<ThreadView> views;
  views.reserve(threads_.size());
  for (Thread* thread : threads_) {
    views.push_back({thread, thread->tid, thread->gate.state.load(), thread->gate.pc.load()});
  }
  return views;
}

std::pair<u64, u64> ExecutionGate::counts() {
  std::scoped_lock lock(mutex_);
  u64 instret = ended_instret_;
  u64 decoded = ended_decoded_;
  for (const Thread* thread : threads_) {
    instret += thread->gate.instret.load(std::memory_order_relaxed);
    decoded += thread->gate.decoded.load(std::memory_order_relaxed);
  }
  return {instret, decoded};
}

std::optional<StopReport> ExecutionGate::take_stop_report() {
  std::scoped_lock lock(mutex_);
  return std::exchange(stop_report_, std::nullopt);
}

void ExecutionGate::on_stop_report(std::function<void()> listener) {
  std::scoped_lock lock(mutex_);
  stop_listener_ = std::move(listener);
}

}  // namespace polyvm::linux_user
