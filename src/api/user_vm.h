// The lifecycle around a Linux user-mode run: the control socket (`polyvm run --control`), the
// journal file (`--journal`) and the engine hooks that act on the process's execution gate.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/user_debug_target.h"
#include "control/control_server.h"
#include "control/gdb/gdb_server.h"
#include "control/lifecycle_target.h"
#include "core/error.h"
#include "core/lifecycle.h"
#include "linux/user_mode.h"

namespace polyvm::api {

/// What to set up around the run; all empty means nothing at all.
struct UserVmOptions {
  std::string control_socket;  ///< the path of `--control unix:PATH`
  std::string journal_file;    ///< `--journal FILE`
  int gdb_port = -1;           ///< `-g PORT`: serve gdb there (0: any free port), start stopped
};

/// One user-mode VM's lifecycle and control socket. Create it, pass controller() to
/// run_program, keep it alive until run_program returns.
///
///   auto vm = UserVm::create({.control_socket = "/tmp/vm.sock"});
///   auto status = linux_user::run_program(options, (*vm)->controller());
class UserVm {
 public:
  static Result<std::unique_ptr<UserVm>> create(const UserVmOptions& options);
  UserVm(const UserVm&) = delete;
  UserVm& operator=(const UserVm&) = delete;
  ~UserVm();

  /// Enables the process's gate and moves the lifecycle to Running (or Paused).
  [[nodiscard]] linux_user::RunController controller();

  /// The gdbstub's TCP port, when one was asked for.
  [[nodiscard]] std::optional<u16> gdb_port() const;

  Lifecycle& lifecycle() { return lifecycle_; }
  /// The process while it lives (nullptr before start and after exit); hold process_lock().
  linux_user::Process* process() { return process_; }
  std::unique_lock<std::mutex> process_lock() { return std::unique_lock(mutex_); }

  /// Pauses every guest thread (stop, and the debugger); the caller holds process_lock().
  Result<void> pause_locked();

 private:
  explicit UserVm(const UserVmOptions& options) : options_(options) {}
  Result<void> start(linux_user::Process& process);
  Result<void> resume();
  void quit();
  nlohmann::json cpus();
  nlohmann::json stats();
  void exited(int status, int signal);

  UserVmOptions options_;
  Lifecycle lifecycle_;
  std::mutex mutex_;
  linux_user::Process* process_ = nullptr;  // guarded by mutex_
  std::unique_ptr<control::LifecycleTarget> target_;
  std::unique_ptr<control::ControlServer> server_;  // destroyed first: it calls the target
  std::unique_ptr<UserDebugTarget> debug_target_;
  std::unique_ptr<control::gdb::GdbServer> gdb_server_;  // calls debug_target_
};

}  // namespace polyvm::api
