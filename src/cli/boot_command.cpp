// The boot subcommand's options (QEMU spellings) and its run.
#include "cli/boot_command.h"

#include "cli/qemu_flags.h"
#include "core/log.h"
#include "polyvm/boot.h"

namespace polyvm::cli {

namespace {

BootRequest g_request;
std::string g_debug_items;
bool g_nographic = false;
bool g_gdb_default = false;
}  // namespace

CLI::App* add_boot_command(CLI::App& app) {
  BootRequest& r = g_request;
  CLI::App* boot =
      app.add_subcommand("boot", "Boot a riscv64 machine (system mode), like qemu-system-riscv64");
  boot->add_option("-M,--machine", r.machine, "Machine: virt, or spike (bare metal, HTIF)")
      ->capture_default_str();
  boot->add_option("--bios", r.bios, "Firmware image, or 'none' (also -bios)");
  boot->add_option("--kernel", r.kernel, "Kernel image: Linux Image, ELF or raw (also -kernel)");
  boot->add_option("--initrd", r.initrd, "Initial ramdisk (also -initrd)");
  boot->add_option("--append", r.append, "Kernel command line (also -append)");
  boot->add_option("-m", r.memory, "RAM size: 128 (MiB), 256M, 1G")->capture_default_str();
  boot->add_option("--smp", r.smp, "Number of harts (also -smp)")->capture_default_str();
  boot->add_option("--drive", r.drives, "Disk: file=IMG,format=raw,if=virtio[,readonly=on]");
  boot->add_option("--device", r.devices, "virtio-rng-device, or virtconsole[,file=PATH] (output)");
  boot->add_option("--serial", r.serial, "Console: stdio (default) or file:PATH (also -serial)");
  boot->add_flag("--nographic", g_nographic,
                 "Accepted for QEMU compatibility: the console is always text");
  boot->add_option("--isa", r.isa, "riscv64 extensions of the harts")->capture_default_str();
  boot->add_option("-d", g_debug_items, "Trace items, comma separated: in_asm, cpu");
  boot->add_option("-D", r.trace_file, "Write traces to this file instead of stderr");
  boot->add_flag("--stats", r.stats, "Print execution and TLB statistics on stderr at the end");
  boot->add_option("--control", r.control,
                   "Serve the JSON control socket: unix:PATH (see polyvm ctl)");
  boot->add_option("--journal", r.journal_file,
                   "Append lifecycle transitions to FILE as JSON lines");
  boot->add_flag("-S", r.start_paused, "Start paused: wait for `cont` (control socket or gdb)");
  boot->add_option("--loadvm", r.load_snapshot,
                   "Start from a snapshot (taken with snapshot-save) of a machine booted with the "
                   "same options");
  boot->add_flag("-s", g_gdb_default, "Serve gdb on TCP port 1234 (-gdb tcp::1234)");
  boot->add_option("--gdb", r.gdb, "Serve gdb: tcp::PORT (also -gdb)");
  boot->footer("Example: polyvm boot -M spike -kernel test.elf");
  return boot;
}

int run_boot_command() {
  if (auto traces = parse_debug_items(g_debug_items, g_request.trace_in_asm, g_request.trace_cpu);
      !traces) {
    log::error("{}", traces.error().message);
    return 1;
  }
  if (g_gdb_default && g_request.gdb.empty()) g_request.gdb = "tcp::1234";
  auto status = boot_machine(g_request);
  if (!status) {
    log::error("{}", status.error().message);
    return 1;
  }
  return *status;
}

}  // namespace polyvm::cli
