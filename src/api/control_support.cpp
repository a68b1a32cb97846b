// The --control option's syntax.
#include "api/control_support.h"

namespace polyvm::api {

Result<std::string> control_socket_path(const std::string& spec) {
  constexpr std::string_view kUnix = "unix:";
  if (spec.empty()) return std::string();
  if (!spec.starts_with(kUnix) || spec.size() == kUnix.size()) {
    return fail("--control {}: expected unix:PATH", spec);
  }
  return spec.substr(kUnix.size());
}

}  // namespace polyvm::api
