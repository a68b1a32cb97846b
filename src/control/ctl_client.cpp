// See ctl_client.h.
#include "control/ctl_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "control/line_framer.h"
#include "control/unix_socket.h"
#include "core/log.h"

namespace polyvm::control {
namespace {

using nlohmann::json;

constexpr size_t kMaxReplyBytes = 64 << 20;  // a long journal is still one line
constexpr int kTimeoutSeconds = 30;

/// One connection: send a request, wait for the reply with its id.
class Connection {
 public:
  explicit Connection(Fd fd) : fd_(std::move(fd)), framer_(kMaxReplyBytes) {}

  Result<json> read_message() {
    for (;;) {
      if (auto line = framer_.next()) {
        json message = json::parse(*line, nullptr, /*allow_exceptions=*/false);
        if (message.is_discarded()) return fail("the server sent malformed JSON: {}", *line);
        return message;
      }
      char buffer[16 * 1024];
      const ssize_t got = ::recv(fd_.get(), buffer, sizeof(buffer), 0);
      if (got == 0) return fail("the server closed the connection");
      if (got < 0) return fail("reading from the control socket: {}", std::strerror(errno));
      if (!framer_.feed({buffer, static_cast<size_t>(got)})) {
        return fail("the server's reply exceeds {} bytes", kMaxReplyBytes);
      }
    }
  }

  Result<json> execute(const json& request) {
    const std::string line = request.dump() + "\n";
    if (::send(fd_.get(), line.data(), line.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(line.size())) {
      return fail("writing to the control socket: {}", std::strerror(errno));
    }
    for (;;) {
      auto message = read_message();
      if (!message || (message->contains("id") && message->at("id") == request.at("id"))) {
        return message;
      }
    }
  }

 private:
  Fd fd_;
  LineFramer framer_;
};

Result<json> request_for(const std::string& command, const std::string& arguments_json) {
  json request = {{"execute", command}, {"id", "ctl"}};
  if (arguments_json.empty()) return request;
  json arguments = json::parse(arguments_json, nullptr, /*allow_exceptions=*/false);
  if (!arguments.is_object()) return fail("arguments must be a JSON object: {}", arguments_json);
  request["arguments"] = std::move(arguments);
  return request;
}

}  // namespace

Result<CtlReply> ctl_execute(const std::string& socket_path, const std::string& command,
                             const std::string& arguments_json) {
  auto request = request_for(command, arguments_json);
  if (!request) return std::unexpected(request.error());
  auto fd = connect_unix(socket_path);
  if (!fd) return std::unexpected(fd.error());
  const timeval timeout{kTimeoutSeconds, 0};
  ::setsockopt(fd->get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  Connection connection(std::move(*fd));
  auto greeting = connection.read_message();
  if (!greeting) return std::unexpected(greeting.error());
  if (!greeting->contains("QMP")) return fail("{} does not speak QMP", socket_path);
  auto negotiated = connection.execute({{"execute", "qmp_capabilities"}, {"id", "ctl-negotiate"}});
  if (!negotiated) return std::unexpected(negotiated.error());
  if (negotiated->contains("error")) return fail("negotiation failed: {}", negotiated->dump());
  auto reply = connection.execute(*request);
  if (!reply) return std::unexpected(reply.error());
  return CtlReply{reply->dump(), reply->contains("error")};
}

int run_ctl(const std::string& socket_path, const std::string& command,
            const std::string& arguments_json, std::FILE* out) {
  auto reply = ctl_execute(socket_path, command, arguments_json);
  if (!reply) {
    log::error("{}", reply.error().message);
    return 2;
  }
  json message = json::parse(reply->json);
  const json& shown = reply->is_error ? message : message["return"];
  fmt::print(out, "{}\n", shown.dump(2));
  return reply->is_error ? 1 : 0;
}

}  // namespace polyvm::control
