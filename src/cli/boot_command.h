// `polyvm boot`: system mode with qemu-system-riscv64's flags.
#pragma once

#include <CLI/CLI.hpp>

namespace polyvm::cli {

/// Adds the boot subcommand to `app`; run_boot_command() runs it once parsed.
CLI::App* add_boot_command(CLI::App& app);
/// Boots what the parsed options describe; the process exit status.
int run_boot_command();

}  // namespace polyvm::cli
