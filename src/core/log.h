// Diagnostics on stderr, prefixed with the program name so they stand apart from guest output.
#pragma once

#include <cstdio>
#include <utility>

#include <fmt/format.h>

namespace polyvm::log {

/// Prints "polyvm: <message>" on stderr.
template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  fmt::print(stderr, "polyvm: {}\n", fmt::format(format, std::forward<Args>(args)...));
}

/// Prints "polyvm: <message>" on stderr: statistics and progress, not failures.
template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  fmt::print(stderr, "polyvm: {}\n", fmt::format(format, std::forward<Args>(args)...));
}

/// Prints "polyvm: warning: <message>" on stderr.
template <typename... Args>
void warning(fmt::format_string<Args...> format, Args&&... args) {
  fmt::print(stderr, "polyvm: warning: {}\n", fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace polyvm::log
