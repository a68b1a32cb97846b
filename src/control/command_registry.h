// The control commands as one table: name, arguments and the ControlTarget call behind each.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "control/control_target.h"

namespace polyvm::control {

/// Checks `arguments` against the command's declared ones (QEMU's messages for missing,
/// wrong-typed and unexpected parameters) and calls the target only if they are right
/// (qmp-spec, "Compatibility Considerations": validation errors come before any side effect).
[[nodiscard]] Reply dispatch(ControlTarget& target, std::string_view command,
                             const nlohmann::json& arguments);

}  // namespace polyvm::control
