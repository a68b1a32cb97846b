// See lifecycle_target.h.
#include "control/lifecycle_target.h"

#include "control/lifecycle_events.h"

namespace polyvm::control {

Reply LifecycleTarget::transition(std::string_view command, VmState to,
                                  const std::function<Result<void>()>& hook) {
  const Verdict verdict = judge(lifecycle_.state(), to, Cause::kUserRequest);
  if (verdict.allowed && verdict.outcome == Outcome::kNoOp) return nlohmann::json::object();
  if (verdict.allowed) {
    if (!hook) return not_supported(command, mode_);
    if (auto done = hook(); !done) return generic_error(done.error().message);
  }
  // Refused requests get the lifecycle's own explanation.
  if (auto moved = lifecycle_.request(to, Cause::kUserRequest); !moved) {
    return generic_error(moved.error().message);
  }
  return nlohmann::json::object();
}

Reply LifecycleTarget::query_status() {
  return status_reply(lifecycle_.state());
}

Reply LifecycleTarget::stop() {
  return transition("stop", VmState::kPaused, hooks_.pause);
}

Reply LifecycleTarget::cont() {
  return transition("cont", VmState::kRunning, hooks_.resume);
}

Reply LifecycleTarget::quit() {
  if (!hooks_.quit) return not_supported("quit", mode_);
  if (auto stopped = lifecycle_.request(VmState::kStopped, Cause::kUserRequest); !stopped) {
    return generic_error(stopped.error().message);
  }
  hooks_.quit();
  return nlohmann::json::object();
}

Reply LifecycleTarget::system_reset() {
  if (!hooks_.reset) return not_supported("system_reset", mode_);
  const VmState state = lifecycle_.state();
  if (state != VmState::kRunning && state != VmState::kPaused) {
    return generic_error(fmt::format("cannot reset a VM that is {}", to_string(state)));
  }
  if (auto done = hooks_.reset(); !done) return generic_error(done.error().message);
  if (auto reset = lifecycle_.request(state, Cause::kGuestReset); !reset) {
    return generic_error(reset.error().message);
  }
  return nlohmann::json::object();
}

// ACPI-style: the guest is asked to power off and decides; the lifecycle moves when it does.
Reply LifecycleTarget::system_powerdown() {
  if (!hooks_.powerdown) return not_supported("system_powerdown", mode_);
  if (auto done = hooks_.powerdown(); !done) return generic_error(done.error().message);
  return nlohmann::json::object();
}

Reply LifecycleTarget::query_cpus() {
  if (!hooks_.cpus) return not_supported("query-cpus", mode_);
  return hooks_.cpus();
}

Reply LifecycleTarget::query_stats() {
  if (!hooks_.stats) return not_supported("query-stats", mode_);
  return hooks_.stats();
}

Reply LifecycleTarget::query_journal() {
  return journal_reply(lifecycle_.journal());
}

}  // namespace polyvm::control
