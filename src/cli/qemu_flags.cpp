// QEMU-style spellings (-strace, -d in_asm,cpu) mapped onto polyvm's options.
#include "cli/qemu_flags.h"

#include <algorithm>
#include <sstream>

namespace polyvm::cli {

std::vector<std::string> translate_qemu_flags(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Options end at the subcommand's first positional (PROG): leave the guest's arguments alone.
  bool in_run = false;
  for (auto& arg : args) {
    if (arg == "run") {
      in_run = true;
      continue;
    }
    if (in_run && !arg.starts_with("-")) break;
    if (arg == "-strace") arg = "--strace";
  }
  std::reverse(args.begin(), args.end());
  return args;
}

Result<void> parse_debug_items(const std::string& items, RunRequest& request) {
  std::stringstream stream(items);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item == "in_asm") {
      request.trace_in_asm = true;
    } else if (item == "cpu") {
      request.trace_cpu = true;
    } else if (!item.empty()) {
      return fail("unknown -d item '{}'; known items: in_asm, cpu", item);
    }
  }
  return {};
}

}  // namespace polyvm::cli
