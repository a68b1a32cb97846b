// Pausing and resuming every guest thread of a process at instruction boundaries, for the
// lifecycle (control socket stop/cont) and the gdbstub; threads in host syscalls count as
// paused at their ecall and park before they run guest code again.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/types.h"
#include "guest/riscv64/cpu_state.h"

namespace polyvm::linux_user {

class Thread;

/// Where a guest thread is, as the gate sees it.
enum class RunState : u8 {
  kOutside,  ///< attached, not yet running guest code
  kGuest,    ///< running guest code (or about to)
  kSyscall,  ///< in a host system call; paused at its ecall while the gate is closed
  kParked,   ///< waiting at an instruction boundary for the gate to open
};

/// What a thread does when the gate opens (the debugger's per-thread vCont actions).
enum class ResumeAction : u8 { kContinue, kStep, kStay };

/// Why a thread asked the whole process to stop (the debugger's stop reply).
struct StopReport {
  enum class Kind : u8 { kBreakpoint, kStep, kWatchpoint, kSignal } kind = Kind::kBreakpoint;
  int tid = 0;
  u64 pc = 0;
  u64 watch_addr = 0;  ///< kWatchpoint: the watched address that changed
  int signal = 0;      ///< kSignal: the Linux signal the guest is about to get
};

/// One thread as a controller sees it while the process is paused.
struct ThreadView {
  Thread* thread;
  int tid;
  RunState state;
  u64 pc;  ///< where it is paused (its ecall when in a syscall)
};

/// Per-thread part of the gate, a member of Thread.
struct GateSlot {
  std::atomic<RunState> state{RunState::kOutside};
  std::atomic<u64> pc{0};       ///< published when parking or entering a syscall
  std::atomic<u64> instret{0};  ///< published at each interpreter exit
  std::atomic<u64> decoded{0};  ///< published at each interpreter exit
  /// The registers at the last syscall entry, which a controller reads while the thread is in
  /// kSyscall (the thread itself may still change its live ones when the call returns).
  guest::riscv64::CpuState syscall_regs;
  std::atomic<ResumeAction> action{ResumeAction::kContinue};  ///< written under the gate's mutex
  bool gated = true;  ///< false while a vfork child borrows the Thread
};

/// The process-wide pause switch. Disabled (every call a no-op but one relaxed load) unless a
/// controller enables it before the guest runs.
///
///   process.gate().enable();
///   if (auto paused = gate.pause(std::chrono::milliseconds(500)); !paused) ...;
///   for (const ThreadView& t : gate.threads()) ...;  // registers are stable while paused
///   gate.resume();
class ExecutionGate {
 public:
  void enable() { enabled_.store(true, std::memory_order_release); }
  /// In a forked child: the parent's threads and controller are not here.
  void disable_after_fork();
  [[nodiscard]] bool enabled() const { return enabled_.load(std::memory_order_relaxed); }

  // --- the guest threads' side ---

  void attach(Thread& thread);
  /// The thread ends; its counts join the process totals.
  void detach(Thread& thread);
  /// Before each interpreter run: parks while the gate is closed (or this thread must stay).
  void checkpoint(Thread& thread);
  /// Around a host system call; leave_syscall parks while the gate is closed.
  void enter_syscall(Thread& thread, u64 ecall_pc);
  void leave_syscall(Thread& thread);
  /// The debugger's hook stopped this thread: closes the gate for everyone, keeps the first
  /// report for the controller (later ones are dropped: their threads stop there again), parks.
  void report_stop(Thread& thread, const StopReport& report);
  /// After run(): publishes the counters query-stats reads.
  void publish_counts(Thread& thread);

  // --- the controller's side ---

  /// Closes the gate and waits until every thread is parked or in a syscall. Errors after
  /// `timeout` (the gate stays closed; threads park as they come).
  Result<void> pause(std::chrono::milliseconds timeout);
  /// Opens the gate; each thread then does `action_for(tid)` (kContinue for all when empty)
  /// until the next resume. Threads attached later continue.
  void resume(const std::function<ResumeAction(int tid)>& action_for = {});
  /// Counts resume() calls, so a thread can tell a new step request from the one in progress.
  [[nodiscard]] u64 generation() const { return generation_.load(); }
  [[nodiscard]] bool closed() const { return closed_.load(); }
  /// The attached threads, in attach order (stable only while paused).
  [[nodiscard]] std::vector<ThreadView> threads();
  /// Retired and decoded instructions of every thread, live and ended.
  [[nodiscard]] std::pair<u64, u64> counts();
  /// Takes the pending stop report, if any.
  std::optional<StopReport> take_stop_report();
  /// Called (on the reporting thread, without the gate's lock) when report_stop() kept a report.
  void on_stop_report(std::function<void()> listener);

 private:
  bool must_wait(const Thread& thread) const;
  bool all_stopped() const;
  /// Parks until the gate lets this thread go; `publish_pc` records where it waits.
  void park(std::unique_lock<std::mutex>& lock, Thread& thread, bool publish_pc);
  void stop_point(Thread& thread, bool publish_pc);
  void interrupt_all();

  std::atomic<bool> enabled_{false};
  std::atomic<bool> closed_{false};
  std::atomic<u64> generation_{0};
  mutable std::mutex mutex_;
  std::condition_variable threads_cv_;     // parked threads wait for the gate to open
  std::condition_variable controller_cv_;  // pause() waits for threads to stop
  std::vector<Thread*> threads_;
  u64 ended_instret_ = 0;
  u64 ended_decoded_ = 0;
  std::optional<StopReport> stop_report_;
  std::function<void()> stop_listener_;
};

}  // namespace polyvm::linux_user
