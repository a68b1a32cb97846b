// The command table behind dispatch(); see command_registry.h.
#include "control/command_registry.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include <fmt/format.h>

namespace polyvm::control {
namespace {

using nlohmann::json;

struct Argument {
  std::string_view name;
  json::value_t type;
  std::string_view type_name;
};

struct Command {
  std::string_view name;
  std::span<const Argument> arguments;  // all required
  Reply (*run)(ControlTarget& target, const json& arguments);
};

constexpr std::array<Argument, 1> kFilename = {{{"filename", json::value_t::string, "string"}}};

constexpr auto kCommands = std::to_array<Command>({
    {"query-status", {}, [](ControlTarget& t, const json&) { return t.query_status(); }},
    {"stop", {}, [](ControlTarget& t, const json&) { return t.stop(); }},
    {"cont", {}, [](ControlTarget& t, const json&) { return t.cont(); }},
    {"quit", {}, [](ControlTarget& t, const json&) { return t.quit(); }},
    {"system_reset", {}, [](ControlTarget& t, const json&) { return t.system_reset(); }},
    {"system_powerdown", {}, [](ControlTarget& t, const json&) { return t.system_powerdown(); }},
    {"query-cpus", {}, [](ControlTarget& t, const json&) { return t.query_cpus(); }},
    {"query-stats", {}, [](ControlTarget& t, const json&) { return t.query_stats(); }},
    {"snapshot-save", kFilename,
     [](ControlTarget& t, const json& a) {
       return t.snapshot_save(a.at("filename").get<std::string>());
     }},
    {"snapshot-load", kFilename,
     [](ControlTarget& t, const json& a) {
       return t.snapshot_load(a.at("filename").get<std::string>());
     }},
    {"query-journal", {}, [](ControlTarget& t, const json&) { return t.query_journal(); }},
});

// The messages of QEMU's QAPI input visitor (qapi/qobject-input-visitor.c).
Reply check_arguments(const Command& command, const json& arguments) {
  for (const Argument& argument : command.arguments) {
    const auto found = arguments.find(argument.name);
    if (found == arguments.end()) {
      return generic_error(fmt::format("Parameter '{}' is missing", argument.name));
    }
    if (found->type() != argument.type) {
      return generic_error(fmt::format("Invalid parameter type for '{}', expected: {}",
                                       argument.name, argument.type_name));
    }
  }
  for (const auto& [key, value] : arguments.items()) {
    const bool declared = std::ranges::any_of(
        command.arguments, [&](const Argument& argument) { return argument.name == key; });
    if (!declared) return generic_error(fmt::format("Parameter '{}' is unexpected", key));
  }
  return json::object();
}

}  // namespace

std::unexpected<CommandError> generic_error(std::string desc) {
  return std::unexpected(CommandError{ErrorClass::kGenericError, std::move(desc)});
}

std::string_view to_string(ErrorClass error_class) {
  return error_class == ErrorClass::kCommandNotFound ? "CommandNotFound" : "GenericError";
}

std::unexpected<CommandError> not_supported(std::string_view command, std::string_view mode) {
  return generic_error(fmt::format("'{}' is not supported in {}", command, mode));
}

Reply dispatch(ControlTarget& target, std::string_view command, const json& arguments) {
  for (const Command& entry : kCommands) {
    if (entry.name != command) continue;
    if (Reply checked = check_arguments(entry, arguments); !checked) return checked;
    return entry.run(target, arguments);
  }
  return std::unexpected(CommandError{ErrorClass::kCommandNotFound,
                                      fmt::format("The command {} has not been found", command)});
}

}  // namespace polyvm::control
