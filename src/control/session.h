// One client's side of the QMP-like protocol, without sockets: greeting, capability
// negotiation, request checking and replies (qemu docs/interop/qmp-spec), so it can be fuzzed.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/control_target.h"

namespace polyvm::control {

/// {"QMP": {"version": {...}, "capabilities": []}} (qmp-spec, "Server Greeting").
[[nodiscard]] std::string greeting_message();

/// {"event": NAME, "data": DATA, "timestamp": {"seconds": s, "microseconds": us}}
/// (qmp-spec, "Asynchronous events").
[[nodiscard]] std::string event_message(std::string_view name, const nlohmann::json& data,
                                        std::chrono::system_clock::time_point when);

/// {"error": {"class": ..., "desc": ...}} without an id, for failures outside any request.
[[nodiscard]] std::string error_message(const CommandError& error);

/// The protocol state of one connection.
class Session {
 public:
  explicit Session(ControlTarget& target) : target_(target) {}

  /// Answers one message (one line, without its newline) with one reply line.
  [[nodiscard]] std::string handle(std::string_view message);

  /// Events reach a client only once negotiation is complete (qmp-spec, "Capabilities
  /// Negotiation").
  [[nodiscard]] bool negotiated() const { return negotiated_; }

 private:
  Reply execute(std::string_view command, const nlohmann::json& arguments);

  ControlTarget& target_;
  bool negotiated_ = false;
};

}  // namespace polyvm::control
