// The --control and -g/-gdb options' syntax.
#include "api/control_support.h"

#include <charconv>

namespace polyvm::api {

Result<std::string> control_socket_path(const std::string& spec) {
  constexpr std::string_view kUnix = "unix:";
  if (spec.empty()) return std::string();
  if (!spec.starts_with(kUnix) || spec.size() == kUnix.size()) {
    return fail("--control {}: expected unix:PATH", spec);
  }
  return spec.substr(kUnix.size());
}

Result<int> gdb_port(const std::string& spec) {
  if (spec.empty()) return -1;
  std::string_view digits = spec;
  if (digits.starts_with("tcp::")) digits.remove_prefix(5);
  int port = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (error != std::errc() || end != digits.data() + digits.size() || port < 0 || port > 65535) {
    return fail("-g/-gdb {}: expected PORT or tcp::PORT (0 to 65535)", spec);
  }
  return port;
}

}  // namespace polyvm::api
