// The public embedding API for Linux user mode: run a foreign Linux program, or disassemble one.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace polyvm {

/// What to run and how; the defaults match `polyvm run PROG`.
///
///   polyvm::RunRequest request{.program = "hello", .args = {"hello"}};
///   polyvm::Result<int> status = polyvm::run_linux_program(request);
struct RunRequest {
  std::string program;                ///< host path of the guest ELF
  std::vector<std::string> args;      ///< argv, argv[0] included
  std::vector<std::string> env;       ///< the guest's environment ("NAME=value")
  std::string sysroot;                ///< -L; empty: /usr/<triple> when it exists
  std::string isa = "rv64gc_zba_zbb_zbs";  ///< --isa: riscv64 extensions to enable
  bool strace = false;                ///< print each system call
  bool trace_in_asm = false;          ///< -d in_asm
  bool trace_cpu = false;             ///< -d cpu
  std::string trace_file;             ///< -D: where traces go (default stderr)
  bool stats = false;                 ///< print execution statistics at exit
  std::string polyvm_exe;             ///< this program, for execve of guest programs
  std::string control;                ///< --control unix:PATH: serve the JSON control socket
  std::string journal_file;           ///< --journal FILE: lifecycle transitions as JSON lines
  std::string gdb;                    ///< -g PORT or tcp::PORT: start stopped, wait for gdb
};

/// Runs the program to its end. Returns its exit status; a guest killed by a signal kills the
/// calling process with that signal (as the program would natively). Errors: unreadable or
/// invalid program, missing interpreter, bad ISA string.
Result<int> run_linux_program(const RunRequest& request);

/// Disassembles the executable segments of a riscv64 ELF file in GNU objdump style.
Result<std::string> disassemble_elf(const std::string& path, const std::string& isa);

}  // namespace polyvm
