// See user_vm.h. The hooks run on the control server's thread; the guest's last thread tells
// exited() before the Process goes away, so no hook ever sees a dead process.
#include "api/user_vm.h"

#include "api/control_support.h"

#include <chrono>
#include <thread>

#include "control/lifecycle_events.h"
#include "linux/process.h"
#include "linux/thread.h"
#include "linux/thread_exit.h"

namespace polyvm::api {

namespace {

using nlohmann::json;

std::string_view state_name(linux_user::RunState state) {
  switch (state) {
    case linux_user::RunState::kGuest:
      return "running";
    case linux_user::RunState::kSyscall:
      return "syscall";
    default:
      return "paused";
  }
}

}  // namespace

Result<std::unique_ptr<UserVm>> UserVm::create(const UserVmOptions& options) {
  std::unique_ptr<UserVm> vm(new UserVm(options));
  if (!options.journal_file.empty()) {
    if (auto opened = vm->lifecycle_.open_journal_file(options.journal_file); !opened) {
      return std::unexpected(opened.error());
    }
  }
  vm->target_ = std::make_unique<control::LifecycleTarget>(
      vm->lifecycle_, "user mode",
      control::EngineHooks{
          .pause =
              [raw = vm.get()] {
                auto lock = raw->process_lock();
                return raw->pause_locked();
              },
          .resume = [raw = vm.get()] { return raw->resume(); },
          .quit = [raw = vm.get()] { raw->quit(); },
          .cpus = [raw = vm.get()] { return raw->cpus(); },
          .stats = [raw = vm.get()] { return raw->stats(); },
      });
  if (!options.control_socket.empty()) {
    auto server = control::ControlServer::start(options.control_socket, *vm->target_);
    if (!server) return std::unexpected(server.error());
    vm->server_ = std::move(*server);
    control::forward_events(vm->lifecycle_, *vm->server_);
  }
  if (options.gdb_port >= 0) {
    vm->debug_target_ = std::make_unique<UserDebugTarget>(*vm);
    auto gdb =
        control::gdb::GdbServer::start(static_cast<u16>(options.gdb_port), *vm->debug_target_);
    if (!gdb) return std::unexpected(gdb.error());
    vm->gdb_server_ = std::move(*gdb);
  }
  return vm;
}

std::optional<u16> UserVm::gdb_port() const {
  if (!gdb_server_) return std::nullopt;
  return gdb_server_->port();
}

UserVm::~UserVm() {
  linux_user::set_exit_observer(nullptr);
  gdb_server_.reset();
  server_.reset();
}

linux_user::RunController UserVm::controller() {
  return {.started = [this](linux_user::Process& process) { return start(process); }};
}

Result<void> UserVm::start(linux_user::Process& process) {
  {
    std::scoped_lock lock(mutex_);
    process_ = &process;
  }
  linux_user::set_exit_observer([this](int status, int signal) { exited(status, signal); });
  process.gate().enable();
  const bool start_paused = debug_target_ != nullptr;  // qemu-user -g: wait for gdb
  if (start_paused) {
    if (auto paused = process.gate().pause(kPauseTimeout); !paused) return paused;
    debug_target_->started(process);
  }
  auto moved = start_paused ? lifecycle_.request(VmState::kPaused, Cause::kDebugger)
                            : lifecycle_.request(VmState::kRunning, Cause::kUserRequest);
  if (!moved) return std::unexpected(moved.error());
  return {};
}

Result<void> UserVm::pause_locked() {
  if (process_ == nullptr) return fail("the guest has exited");
  auto paused = process_->gate().pause(kPauseTimeout);
  if (!paused) process_->gate().resume();  // all or nothing: the VM keeps running
  return paused;
}

Result<void> UserVm::resume() {
  std::scoped_lock lock(mutex_);
  if (process_ == nullptr) return fail("the guest has exited");
  process_->gate().resume();
  return {};
}

// quit's reply must reach the client first; the hook returns before the server sends it, so
// another thread waits for the server to drain and then ends the process (QEMU's quit: exit 0).
void UserVm::quit() {
  std::thread([this] {
    if (server_) server_->drain(kDrainTimeout);
    linux_user::end_process(0);
  }).detach();
}

json UserVm::cpus() {
  std::scoped_lock lock(mutex_);
  json list = json::array();
  if (process_ == nullptr) return list;
  int index = 0;
  for (const linux_user::ThreadView& view : process_->gate().threads()) {
    list.push_back({{"cpu-index", index++},
                    {"thread-id", view.tid},
                    {"pc", view.pc},
                    {"mode", "user"},
                    {"state", state_name(view.state)}});
  }
  return list;
}

json UserVm::stats() {
  std::scoped_lock lock(mutex_);
  if (process_ == nullptr) return json{{"instructions", 0}};
  const auto [retired, decoded] = process_->gate().counts();
  return {{"instructions", retired},
          {"translation", {{"instructions-decoded", decoded}}},
          {"threads", process_->gate().threads().size()}};
}

// A fatal signal is the user-mode guest's panic (GUEST_PANICKED, then SHUTDOWN).
void UserVm::exited(int status, int signal) {
  {
    std::scoped_lock lock(mutex_);
    process_ = nullptr;
  }
  const Cause cause = signal != 0 ? Cause::kGuestPanic : Cause::kGuestShutdown;
  if (!lifecycle_.request(VmState::kStopped, cause)) {
    (void)lifecycle_.request(VmState::kStopped, Cause::kHostError);
  }
  if (debug_target_) {
    debug_target_->exited(status, signal);
    gdb_server_->drain(kDrainTimeout);
  }
  if (server_) server_->drain(kDrainTimeout);
}

}  // namespace polyvm::api
