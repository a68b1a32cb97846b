// Hex text as the GDB remote protocol writes numbers and bytes (E.1: "hex digits"), parsed
// strictly: anything that is not hex is a malformed packet, never a crash.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace polyvm::control::gdb {

/// A hex number of 1 to 16 digits; nullopt otherwise.
[[nodiscard]] std::optional<u64> parse_hex(std::string_view text);
/// A gdb thread id: hex, or -1 (all); nullopt otherwise.
[[nodiscard]] std::optional<s64> parse_thread_id(std::string_view text);
/// Two hex digits per byte; nullopt for odd lengths or non-hex digits.
[[nodiscard]] std::optional<std::vector<u8>> parse_hex_bytes(std::string_view text);
[[nodiscard]] std::string to_hex(std::span<const u8> bytes);
[[nodiscard]] std::string to_hex(std::string_view text);

/// Splits "a,b" at the first `separator`; nullopt when it is missing.
[[nodiscard]] std::optional<std::pair<std::string_view, std::string_view>> split_once(
    std::string_view text, char separator);

}  // namespace polyvm::control::gdb
