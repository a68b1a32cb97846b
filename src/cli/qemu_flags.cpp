// QEMU-style spellings (-strace, -d in_asm,cpu) mapped onto polyvm's options.
#include "cli/qemu_flags.h"

#include <algorithm>
#include <array>
#include <sstream>
#include <string_view>

namespace polyvm::cli {

namespace {

/// qemu-system's single-dash long options that `polyvm boot` takes.
constexpr std::array<std::string_view, 11> kBootLongOptions{
    "-bios",   "-kernel", "-initrd",    "-append",  "-drive", "-device",
    "-serial", "-smp",    "-nographic", "-machine", "-gdb"};

}  // namespace

std::vector<std::string> translate_qemu_flags(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  // Options end at run's first positional (PROG): leave the guest's arguments alone.
  bool in_run = false, in_boot = false;
  for (auto& arg : args) {
    if (!in_run && !in_boot && (arg == "run" || arg == "boot")) {
      (arg == "run" ? in_run : in_boot) = true;
      continue;
    }
    if (in_run && !arg.starts_with("-")) break;
    if (arg == "-strace") arg = "--strace";
    if (in_boot && std::ranges::find(kBootLongOptions, arg) != kBootLongOptions.end()) {
      arg = "-" + arg;
    }
  }
  std::reverse(args.begin(), args.end());
  return args;
}

Result<void> parse_debug_items(const std::string& items, bool& in_asm, bool& cpu) {
  std::stringstream stream(items);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (item == "in_asm") {
      in_asm = true;
    } else if (item == "cpu") {
      cpu = true;
    } else if (!item.empty()) {
      return fail("unknown -d item '{}'; known items: in_asm, cpu", item);
    }
  }
  return {};
}

}  // namespace polyvm::cli
