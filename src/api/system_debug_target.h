// The gdbstub's target in system mode: each hart is a vCPU; memory is read and written at
// virtual addresses through the selected hart's page tables; breakpoints, write watchpoints and
// single-step are an instruction hook on the harts' interpreters.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "board/riscv64/virt_machine.h"
#include "control/gdb/debug_target.h"

namespace polyvm::api {

/// Created with the machine, before it runs; told by the VM when the machine ends.
class SystemDebugTarget : public control::gdb::DebugTarget {
 public:
  explicit SystemDebugTarget(board::riscv64::VirtMachine& machine);

  /// The machine ended with `status` (a W stop becomes pending).
  void exited(int status);

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
  /// What one hart's hook does until the next stop.
  struct HartDebug {
    bool stepping = false;
    bool first = true;               ///< the next hook call is the first since resume()
    u64 resume_pc = 0;               ///< a breakpoint here does not stop that first call
    control::gdb::StopEvent report;  ///< why the hook stopped the hart
  };
  struct Watch {
    u64 addr = 0;
    std::vector<u8> last;  ///< the bytes when last seen
  };

  Result<guest::riscv64::system::Hart*> hart_of(control::gdb::ThreadId thread);
  /// The bytes at virtual `addr` as hart 0's address space maps them, page by page.
  Result<std::vector<u8>> read_virtual(u64 addr, size_t length);
  /// Runs on a hart's thread before each instruction while hooks are installed.
  bool hook(unsigned index, u64 pc);
  void hook_stopped(unsigned index);
  void install_hooks();
  void set_pending(control::gdb::StopEvent event);

  board::riscv64::VirtMachine& machine_;
  std::mutex mutex_;  ///< pending_, listener_, and the hook's state against the gdbstub thread
  std::map<u64, int> breakpoints_;  ///< address -> insert count
  std::vector<Watch> watches_;
  std::vector<HartDebug> harts_;
  std::optional<control::gdb::StopEvent> pending_;
  std::function<void()> listener_;
  bool ended_ = false;
};

}  // namespace polyvm::api
