// What `polyvm run` was asked to do: the guest program, its sysroot and the tracing wanted.
#pragma once

#include <string>
#include <vector>

#include "guest/riscv64/interpreter.h"
#include "guest/riscv64/isa.h"

namespace polyvm::linux_user {

struct RunOptions {
  std::string program;                ///< host path of the guest ELF
  std::vector<std::string> argv;      ///< guest argv, argv[0] included
  std::vector<std::string> envp;      ///< guest environment
  std::string sysroot;                ///< -L: where PT_INTERP and absolute guest paths are looked up
  bool strace = false;                ///< -strace
  bool stats = false;                 ///< --stats: print instruction counts at exit
  guest::riscv64::IsaConfig isa = guest::riscv64::IsaConfig::defaults();
  guest::riscv64::TraceOptions trace;  ///< -d in_asm,cpu
  std::string polyvm_exe;             ///< host path of polyvm itself, for execve of guest programs
  std::string isa_text = "rv64gc";    ///< as given, passed on to execve'd guests
};

}  // namespace polyvm::linux_user
