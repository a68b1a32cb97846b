// libFuzzer: arbitrary bytes through the control socket's framer and protocol session, as a
// client would send them, against a target that accepts every command. Nothing may crash, and
// every message must get exactly one reply that is a JSON object with "return" or "error".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/line_framer.h"
#include "control/session.h"

namespace {

using polyvm::control::Reply;

class AcceptingTarget : public polyvm::control::ControlTarget {
 public:
  std::string_view mode() const override { return "fuzz mode"; }
  Reply query_status() override { return nlohmann::json{{"running", true}}; }
  Reply stop() override { return nlohmann::json::object(); }
  Reply cont() override { return nlohmann::json::object(); }
  Reply snapshot_save(const std::string& filename) override { return filename; }
};

void check_reply(const std::string& line) {
  const auto reply = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!reply.is_object() || (reply.contains("return") == reply.contains("error"))) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  AcceptingTarget target;
  polyvm::control::Session session(target);
  polyvm::control::LineFramer framer(4096);
  // The first byte picks where the input is cut, so reads of every split are tried.
  const std::size_t cut = size == 0 ? 0 : data[0] % size;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (std::string_view part : {bytes.substr(0, cut), bytes.substr(cut)}) {
    const bool fits = framer.feed(part);
    while (auto message = framer.next()) check_reply(session.handle(*message));
    if (!fits) break;
  }
  return 0;
}
