// The public control client (include/polyvm/control.h) on top of the control layer.
#include "polyvm/control.h"

#include <cstdio>

#include "control/ctl_client.h"

namespace polyvm {

int control_command(const std::string& socket_path, const std::string& command,
                    const std::string& arguments_json) {
  return control::run_ctl(socket_path, command, arguments_json, stdout);
}

}  // namespace polyvm
