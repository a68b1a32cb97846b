// The lifecycle's transition table and journal; see lifecycle.h.
#include "core/lifecycle.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <initializer_list>

namespace polyvm {
namespace {

using enum VmState;
using enum Cause;

struct Row {
  VmState from;
  VmState to;
  u32 causes;  // bit per Cause
  Outcome outcome;
};

constexpr u32 bits(std::initializer_list<Cause> causes) {
  u32 mask = 0;
  for (Cause cause : causes) mask |= 1u << static_cast<u32>(cause);
  return mask;
}

// The only place that decides what is allowed. A triple not listed is refused. Self-transitions
// that are requests for the current state (pause of a paused VM, cont of a running one, quit of
// a stopped one) are no-ops, as QEMU's `stop` and `cont` are; a reset keeps the state but is a
// real, journaled transition.
constexpr auto kTable = std::to_array<Row>({
    {kCreated, kRunning, bits({kUserRequest, kSnapshot, kDebugger}), Outcome::kApplied},
    {kCreated, kPaused, bits({kUserRequest, kSnapshot, kDebugger}), Outcome::kApplied},
    {kCreated, kStopped, bits({kUserRequest, kHostError}), Outcome::kApplied},
    {kRunning, kRunning, bits({kUserRequest, kSnapshot, kDebugger}), Outcome::kNoOp},
    {kRunning, kRunning, bits({kGuestReset}), Outcome::kApplied},
    {kRunning, kPaused, bits({kUserRequest, kSnapshot, kDebugger, kGuestPanic}), Outcome::kApplied},
    {kRunning, kStopped, bits({kUserRequest, kGuestShutdown, kGuestPanic, kHostError}),
     Outcome::kApplied},
    {kPaused, kPaused, bits({kUserRequest, kSnapshot, kDebugger}), Outcome::kNoOp},
    {kPaused, kPaused, bits({kGuestReset}), Outcome::kApplied},
    {kPaused, kRunning, bits({kUserRequest, kSnapshot, kDebugger}), Outcome::kApplied},
    {kPaused, kStopped, bits({kUserRequest, kHostError}), Outcome::kApplied},
    {kStopped, kStopped, bits({kUserRequest, kGuestShutdown, kHostError}), Outcome::kNoOp},
});

constexpr std::array<std::string_view, kVmStateCount> kStateNames = {"created", "running", "paused",
                                                                     "stopped"};
constexpr std::array<std::string_view, kCauseCount> kCauseNames = {
    "user-request", "guest-shutdown", "guest-reset", "guest-panic",
    "host-error",   "snapshot",       "debugger"};

s64 nanoseconds(auto since_epoch) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
}

}  // namespace

Verdict judge(VmState from, VmState to, Cause cause) {
  for (const Row& row : kTable) {
    if (row.from == from && row.to == to && (row.causes >> static_cast<u32>(cause) & 1) != 0) {
      return {true, row.outcome};
    }
  }
  return {false, Outcome::kNoOp};
}

std::string_view to_string(VmState state) {
  return kStateNames.at(static_cast<size_t>(state));
}
std::string_view to_string(Cause cause) {
  return kCauseNames.at(static_cast<size_t>(cause));
}

nlohmann::json to_json(const TransitionEvent& event) {
  return {{"wall_ns", nanoseconds(event.wall.time_since_epoch())},
          {"monotonic_ns", nanoseconds(event.monotonic.time_since_epoch())},
          {"from", to_string(event.from)},
          {"to", to_string(event.to)},
          {"cause", to_string(event.cause)}};
}

Lifecycle::~Lifecycle() {
  if (journal_file_ != nullptr) std::fclose(journal_file_);
}

Result<Outcome> Lifecycle::request(VmState to, Cause cause) {
  std::scoped_lock lock(mutex_);
  const Verdict verdict = judge(state_, to, cause);
  if (!verdict.allowed) {
    if (state_ == kStopped) {
      return fail("the VM has stopped and cannot go to {} ({}); start a new one", to_string(to),
                  to_string(cause));
    }
    return fail("the VM cannot go from {} to {} ({})", to_string(state_), to_string(to),
                to_string(cause));
  }
  if (verdict.outcome == Outcome::kNoOp) return Outcome::kNoOp;
  const TransitionEvent event{std::chrono::system_clock::now(), std::chrono::steady_clock::now(),
                              state_, to, cause};
  state_ = to;
  journal_.push_back(event);
  if (journal_file_ != nullptr) {
    fmt::print(journal_file_, "{}\n", to_json(event).dump());
    std::fflush(journal_file_);
  }
  for (const Listener& listener : listeners_) listener(event);
  return Outcome::kApplied;
}

VmState Lifecycle::state() const {
  std::scoped_lock lock(mutex_);
  return state_;
}

std::vector<TransitionEvent> Lifecycle::journal() const {
  std::scoped_lock lock(mutex_);
  return journal_;
}

Result<void> Lifecycle::open_journal_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "a");
  if (file == nullptr) return fail("cannot open journal file {}: {}", path, std::strerror(errno));
  std::scoped_lock lock(mutex_);
  if (journal_file_ != nullptr) std::fclose(journal_file_);
  journal_file_ = file;
  return {};
}

void Lifecycle::add_listener(Listener listener) {
  std::scoped_lock lock(mutex_);
  listeners_.push_back(std::move(listener));
}

}  // namespace polyvm
