// The control socket's view of a system-mode VM: the lifecycle commands every engine shares,
// plus snapshot-save and snapshot-load, which pause the harts around their work.
#pragma once

#include "board/riscv64/virt_machine.h"
#include "control/lifecycle_target.h"

namespace polyvm::api {

/// LifecycleTarget with snapshots of the virt machine.
class SystemTarget : public control::LifecycleTarget {
 public:
  SystemTarget(Lifecycle& lifecycle, control::EngineHooks hooks,
               board::riscv64::VirtMachine& machine)
      : LifecycleTarget(lifecycle, "system mode", std::move(hooks)),
        lifecycle_(lifecycle),
        machine_(machine) {}

  control::Reply snapshot_save(const std::string& filename) override;
  control::Reply snapshot_load(const std::string& filename) override;

 private:
  /// Runs `work` with the harts paused: a running VM goes Running -> Paused -> Running (cause
  /// snapshot) around it; a paused one stays as it is.
  control::Reply while_paused(const std::function<Result<void>()>& work);

  Lifecycle& lifecycle_;
  board::riscv64::VirtMachine& machine_;
};

}  // namespace polyvm::api
