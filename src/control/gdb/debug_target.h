// What the gdbstub debugs, so the protocol engine never knows the engine behind it: user mode
// implements it over guest threads, system mode over harts (virtual addresses through the MMU).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace polyvm::control::gdb {

/// A gdb thread id: a guest thread (user mode) or a vCPU (system mode); always > 0.
using ThreadId = s64;

/// GDB's own signal numbers (include/gdb/signals.def), which stop replies carry.
enum class GdbSignal : int { kNone = 0, kInt = 2, kIll = 4, kTrap = 5, kSegv = 11 };

/// Why the target stopped, or how it ended.
struct StopEvent {
  enum class Kind : u8 {
    kStopped,  ///< every thread stopped; `thread` caused it with `signal`
    kExited,   ///< the process ended with `exit_status` (W packet)
    kKilled,   ///< the process was killed by host signal `signal` (X packet)
  } kind = Kind::kStopped;
  ThreadId thread = 0;
  int signal = static_cast<int>(GdbSignal::kTrap);
  int exit_status = 0;
  std::optional<u64> watch_addr;  ///< a write watchpoint fired on this address
  bool software_breakpoint = false;
};

/// Z/z packet types this target may support (E.4, "Z type,addr,kind").
enum class BreakpointType : u8 {
  kSoftware = 0,
  kHardware = 1,
  kWriteWatch = 2,
  kReadWatch = 3,
  kAccessWatch = 4
};

/// What one thread does on resume (vCont actions; c and s apply to every thread or one).
enum class ResumeKind : u8 { kContinue, kStep, kStay };

/// The target: called from the gdbstub's thread only. Register numbers and the byte layout of
/// read_registers are those of target_xml().
class DebugTarget {
 public:
  virtual ~DebugTarget() = default;

  /// The target description gdb reads with qXfer:features:read:target.xml.
  [[nodiscard]] virtual std::string target_xml() const = 0;
  /// Live threads, the first one the main thread.
  [[nodiscard]] virtual std::vector<ThreadId> threads() = 0;

  /// Every register in target-description order, target byte order (little endian).
  virtual Result<std::vector<u8>> read_registers(ThreadId thread) = 0;
  virtual Result<void> write_registers(ThreadId thread, std::span<const u8> bytes) = 0;
  virtual Result<std::vector<u8>> read_register(ThreadId thread, int regno) = 0;
  virtual Result<void> write_register(ThreadId thread, int regno, std::span<const u8> bytes) = 0;
  /// c/s with an address: the thread resumes there.
  virtual Result<void> set_pc(ThreadId thread, u64 pc) = 0;

  /// Reads up to `length` bytes; fewer when the range runs into unmapped memory, an error when
  /// the first byte is not readable.
  virtual Result<std::vector<u8>> read_memory(u64 addr, size_t length) = 0;
  /// Writes all bytes (and drops decoded code overlapping them) or nothing.
  virtual Result<void> write_memory(u64 addr, std::span<const u8> bytes) = 0;

  /// Software breakpoints and write watchpoints (the only types the session passes on).
  virtual Result<void> insert_breakpoint(BreakpointType type, u64 addr, u64 kind) = 0;
  virtual Result<void> remove_breakpoint(BreakpointType type, u64 addr, u64 kind) = 0;

  /// Lets the target go: each thread does `action_for(thread)`. Returns at once; the stop
  /// listener fires when the target next stops (or ends).
  virtual void resume(const std::function<ResumeKind(ThreadId)>& action_for) = 0;
  /// Ctrl-C: stops every thread; the stop listener fires with signal kInt.
  virtual void interrupt() = 0;
  /// The pending stop, if the target has stopped or ended since resume().
  virtual std::optional<StopEvent> take_stop() = 0;
  /// Called on any thread when a stop or the end of the target becomes pending.
  virtual void set_stop_listener(std::function<void()> listener) = 0;

  /// gdb detached: every breakpoint goes, and the target runs on by itself.
  virtual void detach() = 0;
  /// gdb killed the target ('k', vKill).
  virtual void kill() = 0;
};

}  // namespace polyvm::control::gdb
