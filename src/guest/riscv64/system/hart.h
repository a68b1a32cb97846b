// One riscv64 hart of a system-mode machine: its registers, privileged state, MMU and
// interpreter, and the loop around the interpreter that takes interrupts and sleeps in WFI.
#pragma once

#include <atomic>
#include <functional>
#include <optional>

#include "guest/riscv64/interpreter.h"
#include "guest/riscv64/system/system_context.h"

namespace polyvm::guest::riscv64::system {

/// A hart runs on the thread that calls run(); devices reach it from any thread through
/// set_interrupt_line(), and the machine ends it with request_stop().
///
///   Hart hart(memory, {.isa = isa, .hartid = 0, .time = [&] { return clint.mtime(); }});
///   hart.cpu().pc = 0x8000'0000;
///   std::thread t([&] { hart.run(); });
///   ...
///   hart.request_stop();
///   t.join();
class Hart {
 public:
  struct Config {
    IsaConfig isa = IsaConfig::defaults();
    u64 hartid = 0;
    std::function<u64()> time;  ///< the platform's mtime for the `time` CSR; empty: it traps
    TraceOptions trace = {};
  };

  Hart(const mem::PhysicalMemory& memory, Config config);
  Hart(const Hart&) = delete;
  Hart& operator=(const Hart&) = delete;

  CpuState& cpu() { return cpu_; }
  const CpuState& cpu() const { return cpu_; }
  SystemContext& system() { return system_; }
  const SystemContext& system() const { return system_; }
  Interpreter& interpreter() { return interpreter_; }

  /// The guest physical address of `vaddr` as this hart's current address space maps it, for a
  /// debugger: no permission checks, no A/D updates, no TLB fill; nullopt if unmapped.
  std::optional<u64> debug_translate(u64 vaddr) const;

  /// Raises or lowers a device-driven bit of mip (irq::kMsi, kMti, kMei or kSei); any thread.
  void set_interrupt_line(unsigned irq, bool level);

  /// Why run() returned.
  enum class RunEnd : u8 { kStopped, kHook };
  /// Runs guest code until request_stop() or until the instruction hook stops it (before the
  /// instruction at cpu().pc).
  RunEnd run();
  /// Makes run() return at the next instruction boundary, also from WFI; any thread.
  void request_stop();
  /// Lets run() go on after a stop.
  void clear_stop() { stop_.store(false); }

 private:
  void wake();
  void wait_for_interrupt();

  CpuState cpu_;
  SystemContext system_;
  Interpreter interpreter_;
  std::atomic<bool> stop_{false};
};

}  // namespace polyvm::guest::riscv64::system
