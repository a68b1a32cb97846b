// The public system-mode API (include/polyvm/boot.h) on top of the boards.
#include "polyvm/boot.h"

#include "api/control_support.h"
#include "api/system_vm.h"
#include "board/memory_size.h"
#include "board/riscv64/spike_machine.h"
#include "board/riscv64/virt_machine.h"
#include "core/log.h"

namespace polyvm {

namespace {

Result<guest::riscv64::TraceOptions> trace_options(const BootRequest& request) {
  guest::riscv64::TraceOptions trace{.in_asm = request.trace_in_asm, .cpu = request.trace_cpu};
  if (!request.trace_file.empty()) {
    trace.out = std::fopen(request.trace_file.c_str(), "w");
    if (!trace.out) return fail("cannot write the trace file {}", request.trace_file);
  }
  return trace;
}

void print_stats(u64 instructions, const mem::TlbStats& tlb) {
  const u64 lookups = tlb.hits + tlb.misses;
  log::info("instructions retired: {}", instructions);
  log::info("TLB: {} hits, {} misses ({:.3f}% hits), {} fills, {} flushes", tlb.hits, tlb.misses,
            lookups ? 100.0 * static_cast<double>(tlb.hits) / static_cast<double>(lookups) : 0.0,
            tlb.fills, tlb.flushes);
}

Result<int> boot_spike(const BootRequest& request, u64 ram_size,
                       const guest::riscv64::IsaConfig& isa) {
  if (request.kernel.empty())
    return fail("-M spike needs a program: -kernel FILE (an ELF with tohost)");
  if (!request.initrd.empty() || !request.drives.empty() || !request.devices.empty() ||
      request.smp != 1 || !request.control.empty() || request.start_paused ||
      !request.gdb.empty() || !request.load_snapshot.empty()) {
    return fail(
        "-M spike runs one hart with a -kernel ELF only (no -initrd, -drive, -device or -smp)");
  }
  auto trace = trace_options(request);
  if (!trace) return std::unexpected(trace.error());
  auto result = board::riscv64::run_spike_machine(
      {.kernel = request.kernel, .ram_size = ram_size, .isa = isa, .trace = *trace});
  if (trace->out != stderr) std::fclose(trace->out);
  if (!result) return std::unexpected(result.error());
  if (request.stats) print_stats(result->instructions, result->tlb);
  return result->exit_code;
}

Result<board::riscv64::VirtOptions> virt_options(const BootRequest& request, u64 ram_size,
                                                 const guest::riscv64::IsaConfig& isa) {
  board::riscv64::VirtOptions o{
      .append = request.append, .ram_size = ram_size, .harts = request.smp, .isa = isa};
  o.files.firmware = request.bios.empty() ? board::riscv64::kDefaultFirmware : request.bios;
  if (o.files.firmware == "none") o.files.firmware.clear();
  o.files.kernel = request.kernel;
  o.files.initrd = request.initrd;
  auto serial = board::parse_serial_option(request.serial.empty() ? "stdio" : request.serial);
  if (!serial) return std::unexpected(serial.error());
  o.serial = *serial;
  for (const std::string& text : request.drives) {
    auto drive = board::parse_drive_option(text);
    if (!drive) return std::unexpected(drive.error());
    o.drives.push_back(*drive);
  }
  for (const std::string& text : request.devices) {
    auto device = board::parse_device_option(text);
    if (!device) return std::unexpected(device.error());
    o.devices.push_back(*device);
  }
  auto trace = trace_options(request);
  if (!trace) return std::unexpected(trace.error());
  o.trace = *trace;
  return o;
}

Result<int> boot_virt(const BootRequest& request, u64 ram_size,
                      const guest::riscv64::IsaConfig& isa) {
  auto options = virt_options(request, ram_size, isa);
  if (!options) return std::unexpected(options.error());
  auto machine = board::riscv64::VirtMachine::create(*options);
  if (!machine) return std::unexpected(machine.error());
  auto socket = api::control_socket_path(request.control);
  if (!socket) return std::unexpected(socket.error());
  auto port = api::gdb_port(request.gdb);
  if (!port) return std::unexpected(port.error());
  auto vm = api::SystemVm::create(**machine, {.control_socket = *socket,
                                              .journal_file = request.journal_file,
                                              .start_paused = request.start_paused,
                                              .gdb_port = *port,
                                              .load_snapshot = request.load_snapshot});
  if (!vm) return std::unexpected(vm.error());
  auto result = (*vm)->run();
  if (options->trace.out != stderr) std::fclose(options->trace.out);
  if (!result) return std::unexpected(result.error());
  if (request.stats) print_stats(result->instructions, result->tlb);
  return result->exit_code;
}

}  // namespace

Result<int> boot_machine(const BootRequest& request) {
  auto ram_size = board::parse_memory_size(request.memory);
  if (!ram_size) return std::unexpected(ram_size.error());
  auto isa = guest::riscv64::IsaConfig::parse(request.isa);
  if (!isa) return std::unexpected(isa.error());
  if (request.machine == "spike") return boot_spike(request, *ram_size, *isa);
  if (request.machine == "virt") return boot_virt(request, *ram_size, *isa);
  return fail("unknown machine '{}': -M virt or -M spike", request.machine);
}

}  // namespace polyvm
