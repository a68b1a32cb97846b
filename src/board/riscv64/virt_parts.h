// The parts of a virt machine, shared by the files that build, run, control and snapshot it
// (private to board/riscv64).
#pragma once

#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "board/deadline_timer.h"
#include "board/riscv64/hart_irq_line.h"
#include "board/riscv64/virt_machine.h"
#include "device/clint.h"
#include "device/plic.h"
#include "device/syscon.h"
#include "device/uart16550.h"
#include "device/virtio_mmio.h"
#include "guest/riscv64/system/hart.h"

namespace polyvm::board::riscv64 {

namespace sys = guest::riscv64::system;

struct VirtMachine::Parts {
  explicit Parts(const VirtOptions& opts)
      : options(opts),
        uart([this](u8 byte) {
          if (console) console->put(byte);
        }),
        clint(opts.harts),
        plic(kPlicSources, 2 * opts.harts),
        syscon([this](device::SysconRequest request) { on_syscon(request); }) {}

  void on_syscon(device::SysconRequest request) {
    switch (request.kind) {
      case device::SysconRequest::Kind::kPoweroff:
        stop(0);
        break;
      case device::SysconRequest::Kind::kFail:
        stop(request.code);
        break;
      case device::SysconRequest::Kind::kReset:
        stop(0, Reset::kByGuest);
        break;
    }
  }

  enum class Reset { kNone, kByGuest, kByUser };
  /// Ends the harts' run; with a reset, run() then rebuilds the machine and starts it again.
  void stop(int code, Reset reset_kind = Reset::kNone) {
    {
      std::lock_guard lock(mutex);
      if (stopped) return;
      stopped = true;
      exit_code = code;
      reset = reset_kind;
      for (auto& hart : harts) hart->request_stop();
    }
    stopped_changed.notify_all();
    paused_changed.notify_all();
  }

  /// A hart thread: park while paused, run, until the machine stops.
  void hart_thread(sys::Hart& hart, unsigned index) {
    for (;;) {
      {
        std::unique_lock lock(mutex);
        if (paused && !stopped) {
          ++parked;
          paused_changed.notify_all();
          paused_changed.wait(lock, [this] { return stopped || !paused; });
          --parked;
        }
        if (stopped) return;
        hart.clear_stop();  // under the lock, so a pause() cannot slip in between
      }
      if (hart.run() == sys::Hart::RunEnd::kHook) hook_stopped(index);
    }
  }

  /// A debugger's hook stopped hart `index`: the others stop too, and the debugger hears.
  void hook_stopped(unsigned index) {
    {
      std::lock_guard lock(mutex);
      paused = true;
      for (auto& hart : harts) hart->request_stop();
    }
    if (on_hook_stop) on_hook_stop(index);
  }

  VirtOptions options;
  std::unique_ptr<ConsoleBackend> console;
  device::Uart16550 uart;
  device::Clint clint;
  device::Plic plic;
  device::Syscon syscon;
  std::vector<std::unique_ptr<device::VirtioDevice>> virtio_devices;     ///< disks and the rest
  std::vector<std::unique_ptr<std::FILE, int (*)(std::FILE*)>> outputs;  ///< consoles' files
  std::vector<std::unique_ptr<device::VirtioMmio>> slots;                ///< by slot number
  mem::PhysicalMemory memory;
  std::vector<std::unique_ptr<sys::Hart>> harts;
  std::vector<std::unique_ptr<HartIrqLine>> lines;
  std::unique_ptr<DeadlineTimer> timer;

  // Run state, guarded by `mutex`: run() waits for `stopped`; hart threads park while `paused`.
  std::mutex mutex;
  std::condition_variable stopped_changed;
  std::condition_variable paused_changed;  ///< `paused` or `parked` moved
  bool stopped = false;
  int exit_code = 0;
  bool paused = false;
  unsigned parked = 0;   ///< hart threads waiting for !paused
  bool running = false;  ///< run() started the hart threads
  Reset reset = Reset::kNone;
  std::function<void(unsigned)> on_hook_stop;  ///< set_hook_stop_listener()
};

}  // namespace polyvm::board::riscv64
