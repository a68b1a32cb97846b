// The part of a ControlTarget every engine shares: stop/cont/quit/query-status/query-journal go
// through the lifecycle's table, and the engine only supplies the hooks that act on its vCPUs.
#pragma once

#include <functional>
#include <string>

#include "control/control_target.h"
#include "core/error.h"
#include "core/lifecycle.h"

namespace polyvm::control {

/// What the engine does for a transition; an empty hook means the engine cannot do it here.
struct EngineHooks {
  /// Returns once every vCPU stopped at an instruction boundary.
  std::function<Result<void>()> pause;
  std::function<Result<void>()> resume;
  /// Makes the run loop end; called after the lifecycle reached Stopped.
  std::function<void()> quit;
  std::function<Result<void>()> reset;
  std::function<Result<void>()> powerdown;
  /// [{"cpu-index": n, "pc": n, "mode": "..."}...]
  std::function<nlohmann::json()> cpus;
  /// {"instructions": n, "tlb": {...}, "translation": {...}}
  std::function<nlohmann::json()> stats;
};

/// A ControlTarget over a Lifecycle and an engine's hooks; snapshots stay "not supported" until
/// a subclass offers them.
///
///   LifecycleTarget target(lifecycle, "user mode", {.pause = [&] { return engine.pause(); },
///   ...}); auto server = ControlServer::start(path, target);
class LifecycleTarget : public ControlTarget {
 public:
  LifecycleTarget(Lifecycle& lifecycle, std::string mode, EngineHooks hooks)
      : lifecycle_(lifecycle), mode_(std::move(mode)), hooks_(std::move(hooks)) {}

  [[nodiscard]] std::string_view mode() const override { return mode_; }
  Reply query_status() override;
  Reply stop() override;
  Reply cont() override;
  Reply quit() override;
  Reply system_reset() override;
  Reply system_powerdown() override;
  Reply query_cpus() override;
  Reply query_stats() override;
  Reply query_journal() override;

 private:
  /// Checks the table first, so a refused or no-op request never touches the engine; then runs
  /// the hook and records the transition.
  Reply transition(std::string_view command, VmState to, const std::function<Result<void>()>& hook);

  Lifecycle& lifecycle_;
  std::string mode_;
  EngineHooks hooks_;
};

}  // namespace polyvm::control
