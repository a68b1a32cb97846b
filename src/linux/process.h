// One guest process: the state its threads share (address space, signal actions, options).
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <string>

#include "linux/debug_hooks.h"
#include "linux/execution_gate.h"
#include "linux/memory_map.h"
#include "linux/options.h"
#include "mem/guest_space.h"

namespace polyvm::linux_user {

/// A guest signal action (struct sigaction as the riscv64 kernel ABI has it).
struct GuestSigaction {
  u64 handler = 0;  ///< SIG_DFL (0), SIG_IGN (1) or a guest address
  u64 flags = 0;    ///< SA_* bits
  u64 mask = 0;     ///< sa_mask, signals 1..64 as bits 0..63
};

inline constexpr int kMaxSignal = 64;

class Process {
 public:
  Process(RunOptions options, mem::GuestSpace space)
      : options_(std::move(options)), space_(std::move(space)), memory_(space_) {}

  const RunOptions& options() const { return options_; }
  mem::GuestSpace& space() { return space_; }
  MemoryMap& memory() { return memory_; }
  /// Pauses and resumes the threads for the control socket and the gdbstub.
  ExecutionGate& gate() { return gate_; }
  /// The gdbstub's breakpoints and watchpoints.
  DebugState& debug() { return debug_; }

  /// Guest signal actions, indexed by signal number (0 unused). Guarded by sigaction_lock.
  std::array<GuestSigaction, kMaxSignal + 1> sigactions{};
  std::mutex sigaction_lock;

  /// Signals sent to the whole process and not yet taken by a thread (bit n-1 = signal n).
  std::atomic<u64> shared_pending{0};

  /// Set by exit_group: every thread leaves its run loop with this status.
  std::atomic<bool> exiting{false};
  std::atomic<int> exit_status{0};

  /// Facts the loader found, for auxv, /proc/self/exe and execve.
  std::string exe_path;  ///< host path of the main program
  u64 entry = 0;         ///< the program's entry point (AT_ENTRY)
  u64 interp_base = 0;   ///< where the dynamic linker was loaded (AT_BASE), 0 if none
  std::string auxv_image;  ///< the initial auxv, for /proc/self/auxv

 private:
  RunOptions options_;
  mem::GuestSpace space_;
  MemoryMap memory_;
  ExecutionGate gate_;
  DebugState debug_;
};

}  // namespace polyvm::linux_user
