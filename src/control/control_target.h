// What a VM offers to the control socket, so the server never knows the engine behind it.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace polyvm::control {

/// QMP's error classes (qemu docs/interop/qmp-spec, "Commands Responses"); GenericError for all
/// failures but a command that does not exist.
enum class ErrorClass { kGenericError, kCommandNotFound };

[[nodiscard]] std::string_view to_string(ErrorClass error_class);

/// A command's failure as the client sees it: {"error": {"class": ..., "desc": ...}}.
struct CommandError {
  ErrorClass error_class = ErrorClass::kGenericError;
  std::string desc;
};

/// A command's result: the value of "return", or the error.
using Reply = std::expected<nlohmann::json, CommandError>;

/// A GenericError with this description.
[[nodiscard]] std::unexpected<CommandError> generic_error(std::string desc);

/// "'snapshot-save' is not supported in user mode", as a GenericError.
[[nodiscard]] std::unexpected<CommandError> not_supported(std::string_view command,
                                                          std::string_view mode);

/// The commands a VM answers. Every one defaults to "not supported", so each engine overrides
/// what it offers in its mode. Called on the control server's thread, one at a time.
class ControlTarget {
 public:
  virtual ~ControlTarget() = default;

  /// The mode named by the default not-supported errors ("user mode", "system mode").
  [[nodiscard]] virtual std::string_view mode() const = 0;

  /// {"running": bool, "status": "running"|"paused"|"prelaunch"|"shutdown"} as QEMU's.
  virtual Reply query_status() { return not_supported("query-status", mode()); }
  virtual Reply stop() { return not_supported("stop", mode()); }
  virtual Reply cont() { return not_supported("cont", mode()); }
  virtual Reply quit() { return not_supported("quit", mode()); }
  virtual Reply system_reset() { return not_supported("system_reset", mode()); }
  virtual Reply system_powerdown() { return not_supported("system_powerdown", mode()); }
  /// [{"cpu-index": n, "pc": n, "mode": "..."}...]
  virtual Reply query_cpus() { return not_supported("query-cpus", mode()); }
  /// {"instructions": n, "tlb": {...}, "translation": {...}}
  virtual Reply query_stats() { return not_supported("query-stats", mode()); }
  virtual Reply snapshot_save(const std::string& /*filename*/) {
    return not_supported("snapshot-save", mode());
  }
  virtual Reply snapshot_load(const std::string& /*filename*/) {
    return not_supported("snapshot-load", mode());
  }
  /// The lifecycle journal, a list of to_json(TransitionEvent).
  virtual Reply query_journal() { return not_supported("query-journal", mode()); }
};

}  // namespace polyvm::control
