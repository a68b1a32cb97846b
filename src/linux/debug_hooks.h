// The gdbstub's thread side in user mode: software breakpoints, write watchpoints and
// single-step as an interpreter instruction hook, installed at each thread's checkpoint.
#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <vector>

#include "core/types.h"
#include "guest/riscv64/exit.h"
#include "linux/execution_gate.h"

namespace polyvm::linux_user {

class Thread;

/// The debugger's breakpoints and watchpoints for one process. The sets change only while every
/// thread is paused (the gate's lock orders those changes before the threads run again).
class DebugState {
 public:
  /// While inactive, threads run without hooks (and at full speed).
  void set_active(bool active);
  [[nodiscard]] bool active() const { return active_.load(std::memory_order_acquire); }

  void add_breakpoint(u64 addr);
  void remove_breakpoint(u64 addr);
  /// `current` is what the watched bytes hold now.
  void add_watch(u64 addr, std::vector<u8> current);
  void remove_watch(u64 addr, u64 length);
  void clear();

  [[nodiscard]] bool has_points() const { return !breakpoints_.empty() || !watches_.empty(); }
  [[nodiscard]] bool is_breakpoint(u64 pc) const { return breakpoints_.contains(pc); }
  /// The address of a watch whose bytes at `base + addr` changed since last seen (and now
  /// remembered), or 0.
  u64 changed_watch(const u8* guest_base);

 private:
  struct Watch {
    u64 addr;
    std::vector<u8> last;
  };

  std::atomic<bool> active_{false};
  std::set<u64> breakpoints_;
  std::vector<Watch> watches_;
  std::mutex watch_mutex_;  // threads compare and update `last` concurrently
};

/// Per-thread hook bookkeeping, a member of Thread.
struct ThreadDebug {
  bool hooked = false;
  u64 step_generation = ~u64{0};
  bool stepping = false;      ///< a step is in progress
  bool step_started = false;  ///< its first instruction was let through
  StopReport report;          ///< why the hook stopped run()
};

/// After the gate's checkpoint: installs, refreshes or removes the thread's instruction hook for
/// the process's breakpoints, watchpoints and this thread's step request.
void prepare_debug_hook(Thread& thread);

/// run() ended with kHookStop: stops the process with the hook's report.
void report_hook_stop(Thread& thread);

/// A fault is about to become a synchronous signal: with a debugger attached, the process stops
/// first (gdb's "Program received signal"), and the signal follows when gdb resumes it.
void report_fault_to_debugger(Thread& thread, const guest::riscv64::Exit& exit);

}  // namespace polyvm::linux_user
