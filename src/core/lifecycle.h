// The VM lifecycle every engine obeys: one transition table decides what is allowed, and every
// transition is journaled (time, from, to, cause) and announced to listeners (QMP events).
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/types.h"

namespace polyvm {

/// Created -> Running <-> Paused -> Stopped, and Running -> Stopped (../ARCHITECTURE.md).
enum class VmState : u8 { kCreated, kRunning, kPaused, kStopped };
inline constexpr int kVmStateCount = 4;

/// Why a transition is requested.
enum class Cause : u8 {
  kUserRequest,    ///< control socket, library call, CLI flag (-S)
  kGuestShutdown,  ///< the guest powered off or exited
  kGuestReset,     ///< a reset requested by the guest or the user; the state is kept
  kGuestPanic,     ///< the guest signalled a panic (pvpanic, fatal signal)
  kHostError,      ///< the engine failed on the host side
  kSnapshot,       ///< snapshot save/load pausing and resuming around its work
  kDebugger,       ///< the gdbstub stopping or continuing the VM
};
inline constexpr int kCauseCount = 7;

/// What an allowed transition does: change (or reset) the state, or nothing at all.
enum class Outcome : u8 { kApplied, kNoOp };

/// The table's answer for (from, to, cause); `allowed == false` means refused.
struct Verdict {
  bool allowed;
  Outcome outcome;
};

/// Looks (from, to, cause) up in the transition table, the only place that decides.
[[nodiscard]] Verdict judge(VmState from, VmState to, Cause cause);

[[nodiscard]] std::string_view to_string(VmState state);
[[nodiscard]] std::string_view to_string(Cause cause);

/// One journal entry.
struct TransitionEvent {
  std::chrono::system_clock::time_point wall;
  std::chrono::steady_clock::time_point monotonic;
  VmState from;
  VmState to;
  Cause cause;
};

/// {"wall_ns":..,"monotonic_ns":..,"from":"running","to":"paused","cause":"user-request"}
[[nodiscard]] nlohmann::json to_json(const TransitionEvent& event);

/// The state machine of one VM; thread-safe.
///
///   Lifecycle vm;
///   vm.add_listener([](const TransitionEvent& e) { ... });
///   auto done = vm.request(VmState::kRunning, Cause::kUserRequest);  // Created -> Running
///   if (!done) log::error("{}", done.error().message);
class Lifecycle {
 public:
  using Listener = std::function<void(const TransitionEvent&)>;

  Lifecycle() = default;
  Lifecycle(const Lifecycle&) = delete;
  Lifecycle& operator=(const Lifecycle&) = delete;
  ~Lifecycle();

  /// Moves to `to` if the table allows it; a refused transition changes nothing and says why.
  /// Applied transitions are journaled and listeners called (under the lifecycle's lock, so
  /// they see events in order and must not call back into this object).
  Result<Outcome> request(VmState to, Cause cause);

  [[nodiscard]] VmState state() const;
  [[nodiscard]] std::vector<TransitionEvent> journal() const;

  /// Appends every later transition as a JSON line to `path` (`--journal FILE`).
  Result<void> open_journal_file(const std::string& path);

  void add_listener(Listener listener);

 private:
  mutable std::mutex mutex_;
  VmState state_ = VmState::kCreated;
  std::vector<TransitionEvent> journal_;
  std::vector<Listener> listeners_;
  std::FILE* journal_file_ = nullptr;
};

}  // namespace polyvm
