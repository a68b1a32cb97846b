// Host and input failures as values: std::expected<T, Error>, rendered once by the CLI.
#pragma once

#include <expected>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace polyvm {

/// A failure the user can act on: a bad file, a bad option, a failed host call.
struct Error {
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

/// Builds an unexpected Error from a fmt format string.
template <typename... Args>
[[nodiscard]] std::unexpected<Error> fail(fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(Error{fmt::format(format, std::forward<Args>(args)...)});
}

}  // namespace polyvm
