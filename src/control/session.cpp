// The per-connection protocol; see session.h. Messages follow qemu docs/interop/qmp-spec.
#include "control/session.h"

#include <fmt/format.h>

#include "control/command_registry.h"

namespace polyvm::control {
namespace {

using nlohmann::json;

constexpr int kVersionMajor = 0;
constexpr int kVersionMinor = 1;
constexpr int kVersionMicro = 0;

// qmp-spec, "Protocol Specification": the server's output is ASCII. Invalid UTF-8 cannot come
// from the parser, but a target's strings could carry it.
std::string dump(const json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/true, json::error_handler_t::replace);
}

json error_object(const CommandError& error) {
  return {{"class", to_string(error.error_class)}, {"desc", error.desc}};
}

// qmp-spec, "Issuing Commands": an object with "execute", optional "arguments" and "id".
Reply check_request(const json& request) {
  if (!request.is_object()) return generic_error("QMP input must be a JSON object");
  for (const auto& [key, value] : request.items()) {
    if (key != "execute" && key != "arguments" && key != "id") {
      return generic_error(fmt::format("QMP input member '{}' is unexpected", key));
    }
  }
  const auto execute = request.find("execute");
  if (execute == request.end()) return generic_error("QMP input lacks member 'execute'");
  if (!execute->is_string()) return generic_error("QMP input member 'execute' must be a string");
  const auto arguments = request.find("arguments");
  if (arguments != request.end() && !arguments->is_object()) {
    return generic_error("QMP input member 'arguments' must be an object");
  }
  return json::object();
}

}  // namespace

std::string greeting_message() {
  const json version = {
      {"qemu", {{"major", kVersionMajor}, {"minor", kVersionMinor}, {"micro", kVersionMicro}}},
      {"package", "polyvm"}};
  return dump({{"QMP", {{"version", version}, {"capabilities", json::array()}}}});
}

std::string event_message(std::string_view name, const json& data,
                          std::chrono::system_clock::time_point when) {
  const auto micros =
      std::chrono::duration_cast<std::chrono::microseconds>(when.time_since_epoch()).count();
  json event = {
      {"event", name},
      {"timestamp", {{"seconds", micros / 1'000'000}, {"microseconds", micros % 1'000'000}}}};
  if (!data.is_null()) event["data"] = data;
  return dump(event);
}

std::string error_message(const CommandError& error) {
  return dump({{"error", error_object(error)}});
}

std::string Session::handle(std::string_view message) {
  const json request = json::parse(message, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded()) {
    return error_message({ErrorClass::kGenericError, "JSON parse error"});
  }
  Reply reply = check_request(request);
  if (reply) {
    const json no_arguments = json::object();
    const auto arguments = request.find("arguments");
    reply = execute(request.at("execute").get_ref<const std::string&>(),
                    arguments == request.end() ? no_arguments : *arguments);
  }
  json response = reply ? json{{"return", *reply}} : json{{"error", error_object(reply.error())}};
  // qmp-spec: the reply carries the request's "id", whatever JSON value it is.
  if (request.is_object() && request.contains("id")) response["id"] = request.at("id");
  return dump(response);
}

Reply Session::execute(std::string_view command, const json& arguments) {
  if (command == "qmp_capabilities") {
    if (negotiated_) {
      return std::unexpected(
          CommandError{ErrorClass::kCommandNotFound,
                       "Capabilities negotiation is already complete, command ignored"});
    }
    // We offer no capabilities, so "enable" may only name none.
    for (const auto& [key, value] : arguments.items()) {
      if (key != "enable") return generic_error(fmt::format("Parameter '{}' is unexpected", key));
      if (!value.is_array()) {
        return generic_error("Invalid parameter type for 'enable', expected: array");
      }
      if (!value.empty())
        return generic_error(fmt::format("Capability {} not available", dump(value.front())));
    }
    negotiated_ = true;
    return json::object();
  }
  if (!negotiated_) {
    return std::unexpected(
        CommandError{ErrorClass::kCommandNotFound,
                     "Expecting capabilities negotiation with 'qmp_capabilities'"});
  }
  return dispatch(target_, command, arguments);
}

}  // namespace polyvm::control
