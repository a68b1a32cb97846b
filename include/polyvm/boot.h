// The public embedding API for system mode: boot a machine from firmware, kernel and disk
// images, like qemu-system-riscv64.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace polyvm {

/// What to boot and how; the defaults match `polyvm boot -kernel FILE`.
///
///   polyvm::BootRequest request{.machine = "spike", .kernel = "test.elf"};
///   polyvm::Result<int> status = polyvm::boot_machine(request);
struct BootRequest {
  std::string machine = "virt";      ///< -M: virt, or spike (bare metal with HTIF)
  std::string bios;                  ///< -bios FILE or "none"; empty: the machine's default
  std::string kernel;                ///< -kernel
  std::string initrd;                ///< -initrd
  std::string append;                ///< -append: the kernel command line
  std::string memory = "128";        ///< -m, in QEMU's syntax (a bare number is MiB)
  unsigned smp = 1;                  ///< -smp: harts
  std::vector<std::string> drives;   ///< -drive specifications
  std::vector<std::string> devices;  ///< -device: virtio-rng-device, virtconsole[,file=PATH]
  std::string serial;                ///< -serial: stdio (default) or file:PATH
  std::string isa = "rv64gc";        ///< --isa: the harts' extensions
  bool trace_in_asm = false;         ///< -d in_asm
  bool trace_cpu = false;            ///< -d cpu
  std::string trace_file;            ///< -D
  bool stats = false;                ///< print statistics on stderr at the end
  std::string control;               ///< --control unix:PATH: serve the JSON control socket
  std::string journal_file;          ///< --journal FILE: lifecycle transitions as JSON lines
  bool start_paused = false;         ///< -S: wait for `cont` (control socket or debugger)
  std::string gdb;            ///< -gdb tcp::PORT (-s: tcp::1234): serve gdb; empty: no gdbstub
  std::string load_snapshot;  ///< --loadvm FILE: restore this snapshot, then run
};

/// Boots the machine and runs it until it powers off. Returns the exit status the guest asked
/// for (HTIF exit code, or 0 for a poweroff). Errors: bad options, unreadable or unfit images.
Result<int> boot_machine(const BootRequest& request);

}  // namespace polyvm
