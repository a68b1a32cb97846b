// QEMU's riscv64 `virt` machine: harts on host threads, CLINT, PLIC, NS16550A UART, syscon,
// eight virtio-mmio slots and RAM at 0x8000_0000, booted from firmware, kernel and initrd with
// a generated device tree, as qemu-system-riscv64 -M virt does.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "board/console_backend.h"
#include "board/device_option.h"
#include "board/drive_option.h"
#include "board/riscv64/boot_images.h"
#include "core/error.h"
#include "guest/riscv64/interpreter.h"
#include "guest/riscv64/system/hart.h"
#include "mem/tlb.h"

namespace polyvm::board::riscv64 {

/// Debian's OpenSBI for QEMU's virt machine: the default -bios.
inline constexpr const char* kDefaultFirmware =
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin";

struct VirtOptions {
  BootFiles files;     ///< firmware (empty: none), kernel, initrd
  std::string append;  ///< kernel command line
  u64 ram_size = u64{128} << 20;
  unsigned harts = 1;
  guest::riscv64::IsaConfig isa = guest::riscv64::IsaConfig::defaults();
  guest::riscv64::TraceOptions trace = {};
  SerialOption serial;
  std::vector<DriveOption> drives;    ///< the first gets the last slot (QEMU's order)
  std::vector<DeviceOption> devices;  ///< the slots below the drives', in order
};

/// What a run leaves behind for --stats and the exit status.
struct VirtResult {
  int exit_code = 0;     ///< 0 after a poweroff, the code of a sifive_test failure
  u64 instructions = 0;  ///< retired, all harts
  mem::TlbStats tlb;     ///< all harts' TLBs summed
};

/// One hart as the control socket shows it.
struct HartView {
  unsigned index = 0;
  u64 pc = 0;
  guest::riscv64::mmu::Privilege priv = guest::riscv64::mmu::Privilege::kMachine;
};

/// Counters of the whole machine.
struct VirtStats {
  u64 instructions = 0;          ///< retired, all harts
  u64 instructions_decoded = 0;  ///< decoded into the interpreters' caches
  mem::TlbStats tlb;             ///< all harts' TLBs summed
};

class VirtMachine;

/// Builds the machine (images loaded, devices wired) ready to run.
///
///   auto machine = VirtMachine::create({.files = {.firmware = kDefaultFirmware,
///                                                 .kernel = "Image"}, .append = "console=ttyS0"});
///   auto result = (*machine)->run();  // until the guest powers off
class VirtMachine {
 public:
  static Result<std::unique_ptr<VirtMachine>> create(const VirtOptions& options);
  ~VirtMachine();
  VirtMachine(const VirtMachine&) = delete;
  VirtMachine& operator=(const VirtMachine&) = delete;

  /// Runs every hart on its own thread until the guest powers off or fails, or Ctrl-A X.
  Result<VirtResult> run();
  /// Ends run() from any thread, with `exit_code`.
  void request_stop(int exit_code);
  /// Resets the machine from any thread, as a power cycle: run() rebuilds it from its options
  /// (images reloaded, devices and harts in their reset state) and goes on.
  void request_reset();
  /// Called (on run()'s thread) after a reset the guest asked for, once the machine runs again.
  void set_guest_reset_listener(std::function<void()> listener);

  // Run control from other threads (the control socket, the debugger); in virt_control.cpp.

  /// Stops every hart at an instruction boundary (also one in WFI) and returns once all have;
  /// an error if they do not within `timeout` (the harts are then let go again).
  Result<void> pause(std::chrono::milliseconds timeout);
  /// Lets paused harts go on.
  void resume();
  /// pc and privilege of each hart, read while they are paused (pausing briefly if need be).
  std::vector<HartView> harts();
  VirtStats stats();

  // Debugging (virt_control.cpp).

  unsigned hart_count() const;
  /// A hart, to read and change while the harts are paused.
  guest::riscv64::system::Hart& hart(unsigned index);
  /// Reads guest physical RAM (not devices); false if [paddr, paddr + size) is not all RAM.
  bool read_physical(u64 paddr, std::span<u8> bytes);
  bool write_physical(u64 paddr, std::span<const u8> bytes);
  /// Called on a hart's thread when its instruction hook stopped it; every hart is paused then
  /// (pause() returns once all are).
  void set_hook_stop_listener(std::function<void(unsigned hart)> listener);

  /// Writes the machine's whole state (harts with their CSRs, RAM, devices) to `path`; the harts
  /// must not be running (paused, or run() not started). In virt_snapshot.cpp.
  Result<void> save_snapshot(const std::string& path);
  /// Replaces the machine's state with a snapshot's, taken of a machine with the same options;
  /// a truncated, corrupt or mismatched file is refused and changes nothing. Harts not running.
  Result<void> load_snapshot(const std::string& path);

  /// The machine's parts (virt_parts.h), for the files of board/riscv64 that build, run,
  /// control and snapshot it.
  struct Parts;

 private:
  explicit VirtMachine(std::unique_ptr<Parts> parts);
  /// Starts the harts and the console input, and returns when they stopped.
  void run_until_stopped();

  /// run() replaces parts_ on a reset while other threads call in; recursive, as harts() and
  /// stats() pause through pause().
  std::recursive_mutex parts_mutex_;
  std::unique_ptr<Parts> parts_;
  std::function<void()> on_guest_reset_;
  VirtStats before_resets_;  ///< counters of the machines that resets replaced
};

}  // namespace polyvm::board::riscv64
