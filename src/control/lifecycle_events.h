// How lifecycle transitions look on the control socket: QMP's event names and status strings.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/control_server.h"
#include "core/lifecycle.h"

namespace polyvm::control {

/// An event name and its "data" (null for none).
using Event = std::pair<std::string_view, nlohmann::json>;

/// The QMP events a transition raises: STOP, RESUME, SHUTDOWN, RESET, GUEST_PANICKED (QEMU's
/// qapi/run-state.json); none for Created -> Paused (starting paused, QEMU's -S).
[[nodiscard]] std::vector<Event> events_for(const TransitionEvent& transition);

/// QEMU's RunState names: prelaunch, running, paused, shutdown.
[[nodiscard]] std::string_view qmp_status(VmState state);

/// The reply to query-status: {"running": bool, "status": qmp_status(state)}.
[[nodiscard]] nlohmann::json status_reply(VmState state);

/// The reply to query-journal: the journal as a list of to_json(TransitionEvent).
[[nodiscard]] nlohmann::json journal_reply(const std::vector<TransitionEvent>& journal);

/// Emits every later transition of `lifecycle` on `server`; the server must outlive the
/// lifecycle's last transition.
void forward_events(Lifecycle& lifecycle, ControlServer& server);

}  // namespace polyvm::control
