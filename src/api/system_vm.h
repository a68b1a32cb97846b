// The lifecycle around a system-mode machine: the control socket (`polyvm boot --control`), the
// journal file (`--journal`) and the engine hooks that pause, resume and inspect the harts.
#pragma once

#include <memory>
#include <string>

#include "api/system_debug_target.h"
#include "api/system_target.h"
#include "board/riscv64/virt_machine.h"
#include "control/control_server.h"
#include "control/gdb/gdb_server.h"
#include "control/lifecycle_target.h"
#include "core/error.h"
#include "core/lifecycle.h"

namespace polyvm::api {

struct SystemVmOptions {
  std::string control_socket;  ///< the path of `--control unix:PATH`; empty: none
  std::string journal_file;    ///< `--journal FILE`; empty: none
  bool start_paused = false;   ///< -S: the harts wait for `cont` (or the debugger)
  int gdb_port = -1;           ///< serve gdb on this TCP port (0: any); -1: no gdbstub
  std::string load_snapshot;   ///< --loadvm FILE: start from this snapshot
};

/// One virt machine's lifecycle and control socket, alive for the machine's run.
///
///   auto vm = SystemVm::create(machine, {.control_socket = "/tmp/vm.sock"});
///   auto result = (*vm)->run();
class SystemVm {
 public:
  static Result<std::unique_ptr<SystemVm>> create(board::riscv64::VirtMachine& machine,
                                                  const SystemVmOptions& options);
  ~SystemVm();
  SystemVm(const SystemVm&) = delete;
  SystemVm& operator=(const SystemVm&) = delete;

  /// Runs the machine (Created -> Running, or Paused with -S) until it stops (-> Stopped).
  Result<board::riscv64::VirtResult> run();

  Lifecycle& lifecycle() { return lifecycle_; }

 private:
  SystemVm(board::riscv64::VirtMachine& machine, const SystemVmOptions& options)
      : machine_(machine), options_(options) {}
  control::EngineHooks hooks();
  void quit();

  board::riscv64::VirtMachine& machine_;
  SystemVmOptions options_;
  Lifecycle lifecycle_;
  std::unique_ptr<SystemTarget> target_;
  std::unique_ptr<SystemDebugTarget> debug_target_;
  std::unique_ptr<control::gdb::GdbServer> gdb_server_;  // destroyed before its target
  std::unique_ptr<control::ControlServer> server_;       // destroyed first: it calls the target
};

}  // namespace polyvm::api
