// `polyvm ctl PATH COMMAND [JSON]`: one command over the control socket, for people and scripts.
#pragma once

#include <cstdio>
#include <string>

#include "core/error.h"

namespace polyvm::control {

/// A reply line and whether it was an error reply.
struct CtlReply {
  std::string json;
  bool is_error = false;
};

/// Connects, reads the greeting, negotiates, sends `command` with `arguments_json` (an object,
/// or empty for none) and returns the reply to it (events arriving meanwhile are skipped).
Result<CtlReply> ctl_execute(const std::string& socket_path, const std::string& command,
                             const std::string& arguments_json);

/// The CLI's `polyvm ctl`: prints the reply's "return" value (or the whole error reply) as
/// indented JSON on `out`, host failures on stderr. Exit status 0 on success, 1 on an error
/// reply, 2 when the socket could not be talked to.
int run_ctl(const std::string& socket_path, const std::string& command,
            const std::string& arguments_json, std::FILE* out);

}  // namespace polyvm::control
