// The polyvm command: subcommands run (Linux user mode) and disasm, with QEMU-like flags.
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/boot_command.h"
#include "cli/qemu_flags.h"
#include "core/log.h"
#include "polyvm/control.h"
#include "polyvm/run.h"

namespace {

extern "C" char** environ;

std::vector<std::string> host_environment() {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) env.emplace_back(*e);
  return env;
}

std::string own_executable() {
  std::string path(4096, '\0');
  ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
  path.resize(n > 0 ? n : 0);
  return path;
}

int report(const polyvm::Error& error) {
  polyvm::log::error("{}", error.message);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"polyvm: a multi-architecture virtual machine (riscv64 Linux user mode today)", "polyvm"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "polyvm 0.1.0");

  polyvm::RunRequest request;
  std::string debug_items;
  CLI::App* run = app.add_subcommand("run", "Run a riscv64 Linux program: polyvm run [options] PROG [ARGS...]");
  run->add_option("-L", request.sysroot,
                  "Sysroot for the dynamic linker and absolute paths (default: /usr/riscv64-linux-gnu)");
  run->add_flag("--strace", request.strace, "Print each system call with its arguments and result (also -strace)");
  run->add_option("--isa", request.isa, "riscv64 extensions, e.g. rv64gc or rv64imac_zba (default rv64gc + zba_zbb_zbs)");
  run->add_option("-d", debug_items, "Trace items, comma separated: in_asm (instructions as decoded), cpu (registers before each instruction)");
  run->add_option("-D", request.trace_file, "Write traces to this file instead of stderr");
  run->add_flag("--stats", request.stats, "Print execution statistics on stderr at exit");
  std::string argv0;
  run->add_option("-0,--argv0", argv0, "The guest's argv[0] (default: PROG as given)");
  run->add_option("--control", request.control, "Serve the JSON control socket: unix:PATH (see polyvm ctl)");
  run->add_option("--journal", request.journal_file, "Append lifecycle transitions to FILE as JSON lines");
  run->add_option("-g", request.gdb, "Start stopped and wait for gdb on TCP PORT (also tcp::PORT; 0: any free port)");
  run->prefix_command();  // everything from PROG on belongs to the guest
  run->footer("PROG and everything after it go to the guest: polyvm run -strace ./prog --its-own-flag");

  std::string disasm_file;
  CLI::App* disasm = app.add_subcommand("disasm", "Disassemble the code of a riscv64 ELF file");
  disasm->add_option("FILE", disasm_file, "The ELF file")->required();
  disasm->add_option("--isa", request.isa, "riscv64 extensions to decode");

  std::string ctl_socket, ctl_command, ctl_arguments;
  CLI::App* ctl = app.add_subcommand("ctl", "Send a command to a VM's control socket (--control unix:PATH)");
  ctl->add_option("PATH", ctl_socket, "The control socket")->required();
  ctl->add_option("COMMAND", ctl_command, "query-status, stop, cont, quit, query-cpus, query-stats, ...")->required();
  ctl->add_option("JSON", ctl_arguments, "The command's arguments as a JSON object");

  CLI::App* boot = polyvm::cli::add_boot_command(app);

  std::vector<std::string> args = polyvm::cli::translate_qemu_flags(argc, argv);
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*ctl) return polyvm::control_command(ctl_socket, ctl_command, ctl_arguments);
  if (*boot) return polyvm::cli::run_boot_command();
  if (*disasm) {
    auto text = polyvm::disassemble_elf(disasm_file, request.isa);
    if (!text) return report(text.error());
    std::fwrite(text->data(), 1, text->size(), stdout);
    return 0;
  }

  request.args = run->remaining();
  if (request.args.empty()) {
    polyvm::log::error("run needs a program: polyvm run [options] PROG [ARGS...] (see polyvm run --help)");
    return 1;
  }
  if (auto traces = polyvm::cli::parse_debug_items(debug_items, request.trace_in_asm,
                                                           request.trace_cpu); !traces) {
    return report(traces.error());
  }
  request.program = request.args.front();
  if (!argv0.empty()) request.args.front() = argv0;
  request.env = host_environment();
  request.polyvm_exe = own_executable();
  auto status = polyvm::run_linux_program(request);
  if (!status) return report(status.error());
  return *status;
}
