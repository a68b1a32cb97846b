// The public user-mode API (include/polyvm/run.h) on top of the Linux personality.
#include "polyvm/run.h"

#include <charconv>
#include <filesystem>

#include <fmt/format.h>

#include "api/control_support.h"
#include "api/user_vm.h"
#include "guest/riscv64/isa.h"
#include "linux/user_mode.h"

namespace polyvm {

namespace {

constexpr const char* kDefaultSysroot = "/usr/riscv64-linux-gnu";

Result<linux_user::RunOptions> to_run_options(const RunRequest& request) {
  auto isa = guest::riscv64::IsaConfig::parse(request.isa);
  if (!isa) return std::unexpected(isa.error());
  linux_user::RunOptions options;
  options.program = request.program;
  options.argv = request.args;
  options.envp = request.env;
  options.sysroot = request.sysroot;
  if (options.sysroot.empty() && std::filesystem::is_directory(kDefaultSysroot)) {
    options.sysroot = kDefaultSysroot;
  }
  options.strace = request.strace;
  options.isa = *isa;
  options.isa_text = request.isa;
  options.trace.in_asm = request.trace_in_asm;
  options.trace.cpu = request.trace_cpu;
  options.stats = request.stats;
  options.polyvm_exe = request.polyvm_exe;
  if (!request.trace_file.empty()) {
    options.trace.out = std::fopen(request.trace_file.c_str(), "w");
    if (!options.trace.out) return fail("cannot write the trace file {}", request.trace_file);
  }
  return options;
}

}  // namespace

Result<int> run_linux_program(const RunRequest& request) {
  auto options = to_run_options(request);
  if (!options) return std::unexpected(options.error());
  auto socket = api::control_socket_path(request.control);
  if (!socket) return std::unexpected(socket.error());
  auto port = api::gdb_port(request.gdb);
  if (!port) return std::unexpected(port.error());
  if (socket->empty() && request.journal_file.empty() && *port < 0) {
    return linux_user::run_program(std::move(*options));
  }
  auto vm = api::UserVm::create(
      {.control_socket = *socket, .journal_file = request.journal_file, .gdb_port = *port});
  if (!vm) return std::unexpected(vm.error());
  if (auto listening = (*vm)->gdb_port()) {
    fmt::print(stderr, "polyvm: waiting for gdb on port {}\n", *listening);
  }
  return linux_user::run_program(std::move(*options), (*vm)->controller());
}

}  // namespace polyvm
