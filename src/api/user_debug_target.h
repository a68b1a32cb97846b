// The gdbstub's target in Linux user mode: each guest thread is a vCPU; registers, memory,
// breakpoints and resumption act on the process through its execution gate and debug hooks.
#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "control/gdb/debug_target.h"
#include "control/unix_socket.h"
#include "linux/process.h"

namespace polyvm::api {

class UserVm;

/// Created with the VM, told by it when the process starts and ends.
class UserDebugTarget : public control::gdb::DebugTarget {
 public:
  explicit UserDebugTarget(UserVm& vm) : vm_(vm) {}

  /// The process exists and is stopped before its first instruction.
  void started(linux_user::Process& process);
  /// The process ends: a W (exit status) or X (signal) stop becomes pending.
  void exited(int status, int signal);

  [[nodiscard]] std::string target_xml() const override;
  [[nodiscard]] std::vector<control::gdb::ThreadId> threads() override;
  Result<std::vector<u8>> read_registers(control::gdb::ThreadId thread) override;
  Result<void> write_registers(control::gdb::ThreadId thread, std::span<const u8> bytes) override;
  Result<std::vector<u8>> read_register(control::gdb::ThreadId thread, int regno) override;
  Result<void> write_register(control::gdb::ThreadId thread, int regno,
                              std::span<const u8> bytes) override;
  Result<void> set_pc(control::gdb::ThreadId thread, u64 pc) override;
  Result<std::vector<u8>> read_memory(u64 addr, size_t length) override;
  Result<void> write_memory(u64 addr, std::span<const u8> bytes) override;
  Result<void> insert_breakpoint(control::gdb::BreakpointType type, u64 addr, u64 kind) override;
  Result<void> remove_breakpoint(control::gdb::BreakpointType type, u64 addr, u64 kind) override;
  void resume(
      const std::function<control::gdb::ResumeKind(control::gdb::ThreadId)>& action_for) override;
  void interrupt() override;
  std::optional<control::gdb::StopEvent> take_stop() override;
  void set_stop_listener(std::function<void()> listener) override;
  void detach() override;
  void kill() override;

 private:
  /// The registers gdb sees for a paused thread (its ecall's, while in a syscall); nullptr for
  /// an unknown thread. Needs the VM's process lock.
  const guest::riscv64::CpuState* registers_of(linux_user::Process& process,
                                               control::gdb::ThreadId thread);
  /// The live registers of a thread parked at an instruction boundary, or an error.
  Result<guest::riscv64::CpuState*> writable_registers(linux_user::Process& process,
                                                       control::gdb::ThreadId thread);
  /// How many bytes from addr on the guest has mapped (readable or executable), up to length.
  size_t mapped_length(linux_user::Process& process, u64 addr, size_t length);
  void set_pending(control::gdb::StopEvent event);

  UserVm& vm_;
  control::Fd memory_;  // /proc/self/mem: reads and writes past page protections, as ptrace
  std::mutex mutex_;
  std::optional<control::gdb::StopEvent> pending_;  // Ctrl-C or the end of the process
  std::function<void()> listener_;
};

}  // namespace polyvm::api
