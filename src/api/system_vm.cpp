// See system_vm.h. The hooks run on the control server's thread and act on the machine through
// its thread-safe run-control calls.
#include "api/system_vm.h"

#include <chrono>
#include <thread>

#include "api/control_support.h"
#include "control/lifecycle_events.h"

namespace polyvm::api {

namespace {

using nlohmann::json;

std::string_view mode_name(guest::riscv64::mmu::Privilege priv) {
  switch (priv) {
    case guest::riscv64::mmu::Privilege::kUser:
      return "user";
    case guest::riscv64::mmu::Privilege::kSupervisor:
      return "supervisor";
    case guest::riscv64::mmu::Privilege::kMachine:
      return "machine";
  }
  return "machine";
}

}  // namespace

Result<std::unique_ptr<SystemVm>> SystemVm::create(board::riscv64::VirtMachine& machine,
                                                   const SystemVmOptions& options) {
  std::unique_ptr<SystemVm> vm(new SystemVm(machine, options));
  if (!options.journal_file.empty()) {
    if (auto opened = vm->lifecycle_.open_journal_file(options.journal_file); !opened) {
      return std::unexpected(opened.error());
    }
  }
  vm->target_ = std::make_unique<SystemTarget>(vm->lifecycle_, vm->hooks(), machine);
  if (options.gdb_port >= 0) {
    vm->debug_target_ = std::make_unique<SystemDebugTarget>(machine);
    auto gdb =
        control::gdb::GdbServer::start(static_cast<u16>(options.gdb_port), *vm->debug_target_);
    if (!gdb) return std::unexpected(gdb.error());
    vm->gdb_server_ = std::move(*gdb);
  }
  if (!options.control_socket.empty()) {
    auto server = control::ControlServer::start(options.control_socket, *vm->target_);
    if (!server) return std::unexpected(server.error());
    vm->server_ = std::move(*server);
    control::forward_events(vm->lifecycle_, *vm->server_);
  }
  return vm;
}

SystemVm::~SystemVm() {
  server_.reset();
  gdb_server_.reset();
}

control::EngineHooks SystemVm::hooks() {
  return {
      .pause = [this] { return machine_.pause(kPauseTimeout); },
      .resume = [this]() -> Result<void> {
        machine_.resume();
        return {};
      },
      .quit = [this] { quit(); },
      .reset = [this]() -> Result<void> {
        machine_.request_reset();
        return {};
      },
      // The virt board has no power button the guest could be asked through (QEMU's does
      // nothing there), so powerdown powers off, as the guest's own poweroff would.
      .powerdown = [this]() -> Result<void> {
        machine_.request_stop(0);
        return {};
      },
      .cpus =
          [this] {
            json list = json::array();
            for (const board::riscv64::HartView& hart : machine_.harts()) {
              list.push_back(
                  {{"cpu-index", hart.index}, {"pc", hart.pc}, {"mode", mode_name(hart.priv)}});
            }
            return list;
          },
      .stats =
          [this] {
            const board::riscv64::VirtStats s = machine_.stats();
            return json{{"instructions", s.instructions},
                        {"tlb",
                         {{"hits", s.tlb.hits},
                          {"misses", s.tlb.misses},
                          {"fills", s.tlb.fills},
                          {"flushes", s.tlb.flushes}}},
                        {"translation", {{"instructions-decoded", s.instructions_decoded}}}};
          },
  };
}

// quit's reply must reach the client first; the hook returns before the server sends it.
void SystemVm::quit() {
  std::thread([this] {
    if (server_) server_->drain(kDrainTimeout);
    machine_.request_stop(0);
  }).detach();
}

Result<board::riscv64::VirtResult> SystemVm::run() {
  if (!options_.load_snapshot.empty()) {
    if (auto loaded = machine_.load_snapshot(options_.load_snapshot); !loaded) {
      return std::unexpected(loaded.error());
    }
  }
  machine_.set_guest_reset_listener(
      [this] { (void)lifecycle_.request(VmState::kRunning, Cause::kGuestReset); });
  if (options_.start_paused) {
    if (auto paused = machine_.pause(kPauseTimeout); !paused)
      return std::unexpected(paused.error());
  }
  auto moved = options_.start_paused ? lifecycle_.request(VmState::kPaused, Cause::kUserRequest)
                                     : lifecycle_.request(VmState::kRunning, Cause::kUserRequest);
  if (!moved) return std::unexpected(moved.error());
  auto result = machine_.run();
  if (debug_target_) {
    debug_target_->exited(result ? result->exit_code : 1);
    gdb_server_->drain(kDrainTimeout);
  }
  if (lifecycle_.state() != VmState::kStopped) {
    (void)lifecycle_.request(VmState::kStopped, result ? Cause::kGuestShutdown : Cause::kHostError);
  }
  if (server_) server_->drain(kDrainTimeout);
  return result;
}

}  // namespace polyvm::api
