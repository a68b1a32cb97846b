// See lifecycle_events.h.
#include "control/lifecycle_events.h"

#include <array>

namespace polyvm::control {
namespace {

using nlohmann::json;

// QEMU's ShutdownCause names (qapi/run-state.json) for the causes that stop a VM.
std::string_view shutdown_reason(Cause cause) {
  switch (cause) {
    case Cause::kGuestShutdown:
      return "guest-shutdown";
    case Cause::kGuestPanic:
      return "guest-panic";
    case Cause::kHostError:
      return "host-error";
    default:
      return "host-qmp-quit";
  }
}

bool caused_by_guest(Cause cause) {
  return cause == Cause::kGuestShutdown || cause == Cause::kGuestPanic ||
         cause == Cause::kGuestReset;
}

}  // namespace

std::vector<Event> events_for(const TransitionEvent& transition) {
  std::vector<Event> events;
  if (transition.cause == Cause::kGuestPanic) {
    const bool pauses = transition.to == VmState::kPaused;
    events.emplace_back("GUEST_PANICKED", json{{"action", pauses ? "pause" : "poweroff"}});
  }
  if (transition.cause == Cause::kGuestReset) {
    events.emplace_back("RESET", json{{"guest", true}, {"reason", "guest-reset"}});
  } else if (transition.to == VmState::kPaused && transition.from == VmState::kRunning) {
    events.emplace_back("STOP", nullptr);
  } else if (transition.to == VmState::kRunning) {
    events.emplace_back("RESUME", nullptr);
  } else if (transition.to == VmState::kStopped) {
    events.emplace_back("SHUTDOWN", json{{"guest", caused_by_guest(transition.cause)},
                                         {"reason", shutdown_reason(transition.cause)}});
  }
  return events;
}

std::string_view qmp_status(VmState state) {
  constexpr std::array<std::string_view, kVmStateCount> kNames = {"prelaunch", "running", "paused",
                                                                  "shutdown"};
  return kNames.at(static_cast<size_t>(state));
}

json status_reply(VmState state) {
  return {{"running", state == VmState::kRunning}, {"status", qmp_status(state)}};
}

json journal_reply(const std::vector<TransitionEvent>& journal) {
  json list = json::array();
  for (const TransitionEvent& event : journal) list.push_back(to_json(event));
  return list;
}

void forward_events(Lifecycle& lifecycle, ControlServer& server) {
  lifecycle.add_listener([&server](const TransitionEvent& transition) {
    for (const auto& [name, data] : events_for(transition)) server.emit(name, data);
  });
}

}  // namespace polyvm::control
