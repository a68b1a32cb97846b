// QEMU-style spellings (-strace, -d in_asm,cpu) mapped onto polyvm's options.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace polyvm::cli {

/// argv as CLI11 wants it (reversed, program name dropped), with QEMU's single-dash long options
/// (-strace; boot's -kernel, -bios, ...) rewritten to their double-dash form. Only polyvm's own
/// options are touched: the guest's arguments after PROG pass through unchanged.
std::vector<std::string> translate_qemu_flags(int argc, char** argv);

/// Reads "-d in_asm,cpu" into the two trace switches; unknown items are an error listing the
/// known ones.
Result<void> parse_debug_items(const std::string& items, bool& in_asm, bool& cpu);

}  // namespace polyvm::cli
