// The public client side of the JSON control socket (`polyvm ctl`).
#pragma once

#include <string>

namespace polyvm {

/// Sends one command (with a JSON object of arguments, or "" for none) to the VM listening on the
/// control socket at `socket_path` and prints the reply on stdout. Returns the exit status: 0 on
/// success, 1 when the VM answered with an error, 2 when the socket could not be used.
int control_command(const std::string& socket_path, const std::string& command,
                    const std::string& arguments_json);

}  // namespace polyvm
