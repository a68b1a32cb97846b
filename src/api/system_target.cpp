// snapshot-save and snapshot-load around a pause (issue 5: "it pauses, saves, resumes").
#include "api/system_target.h"

#include "api/control_support.h"

namespace polyvm::api {

control::Reply SystemTarget::while_paused(const std::function<Result<void>()>& work) {
  const VmState state = lifecycle_.state();
  if (state == VmState::kStopped) return control::generic_error("the VM has stopped");
  const bool running = state == VmState::kRunning;
  if (running) {
    if (auto paused = machine_.pause(kPauseTimeout); !paused) {
      return control::generic_error(paused.error().message);
    }
    (void)lifecycle_.request(VmState::kPaused, Cause::kSnapshot);
  }
  const Result<void> done = work();
  if (running) {
    machine_.resume();
    (void)lifecycle_.request(VmState::kRunning, Cause::kSnapshot);
  }
  if (!done) return control::generic_error(done.error().message);
  return nlohmann::json::object();
}

control::Reply SystemTarget::snapshot_save(const std::string& filename) {
  return while_paused([&] { return machine_.save_snapshot(filename); });
}

control::Reply SystemTarget::snapshot_load(const std::string& filename) {
  return while_paused([&] { return machine_.load_snapshot(filename); });
}

}  // namespace polyvm::api
