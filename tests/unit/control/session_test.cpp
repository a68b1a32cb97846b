// The protocol without sockets, with the messages of qemu docs/interop/qmp-spec (greeting,
// negotiation, "return"/"error" replies carrying the request's id) and QEMU's error texts.
#include "control/session.h"

#include <gtest/gtest.h>

#include "control/line_framer.h"
#include "fake_target.h"

namespace polyvm::control {
namespace {

using nlohmann::json;

class SessionTest : public ::testing::Test {
 protected:
  json ask(std::string_view message) { return json::parse(session_.handle(message)); }
  void negotiate() {
    ASSERT_EQ(ask(R"({"execute": "qmp_capabilities"})"), json::parse(R"({"return": {}})"));
  }
  static json error(std::string_view error_class, std::string_view desc) {
    return {{"error", {{"class", error_class}, {"desc", desc}}}};
  }

  FakeTarget target_;
  Session session_{target_};
};

TEST(Greeting, HasQmpVersionAndNoCapabilities) {
  const json greeting = json::parse(greeting_message());
  EXPECT_EQ(greeting["QMP"]["capabilities"], json::array());
  EXPECT_TRUE(greeting["QMP"]["version"]["qemu"].contains("major"));
  EXPECT_EQ(greeting["QMP"]["version"]["package"], "polyvm");
}

TEST(Event, CarriesNameDataAndSplitTimestamp) {
  const auto when =
      std::chrono::system_clock::time_point(std::chrono::microseconds(1'700'000'000'123'456));
  EXPECT_EQ(
      json::parse(event_message("STOP", nullptr, when)),
      json::parse(
          R"({"event": "STOP", "timestamp": {"seconds": 1700000000, "microseconds": 123456}})"));
  EXPECT_EQ(json::parse(event_message("RESET", {{"guest", true}}, when))["data"],
            json::parse(R"({"guest": true})"));
}

TEST_F(SessionTest, CommandsBeforeNegotiationAreRefusedAndDoNotReachTheTarget) {
  EXPECT_EQ(ask(R"({"execute": "stop"})"),
            error("CommandNotFound", "Expecting capabilities negotiation with 'qmp_capabilities'"));
  EXPECT_FALSE(session_.negotiated());
  EXPECT_TRUE(target_.calls().empty());
}

TEST_F(SessionTest, NegotiationHappensOnce) {
  negotiate();
  EXPECT_TRUE(session_.negotiated());
  EXPECT_EQ(
      ask(R"({"execute": "qmp_capabilities"})"),
      error("CommandNotFound", "Capabilities negotiation is already complete, command ignored"));
}

TEST_F(SessionTest, NegotiationAcceptsAnEmptyEnableListOnly) {
  EXPECT_EQ(ask(R"({"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}})"),
            error("GenericError", R"(Capability "oob" not available)"));
  EXPECT_EQ(ask(R"({"execute": "qmp_capabilities", "arguments": {"enable": "oob"}})"),
            error("GenericError", "Invalid parameter type for 'enable', expected: array"));
  EXPECT_FALSE(session_.negotiated());
  EXPECT_EQ(ask(R"({"execute": "qmp_capabilities", "arguments": {"enable": []}})"),
            json::parse(R"({"return": {}})"));
}

TEST_F(SessionTest, EveryCommandReachesTheTarget) {
  negotiate();
  EXPECT_EQ(ask(R"({"execute": "query-status"})"), json::parse(R"({"return": {"running": true}})"));
  EXPECT_EQ(ask(R"({"execute": "stop"})"), json::parse(R"({"return": {}})"));
  EXPECT_EQ(ask(R"({"execute": "cont"})"), json::parse(R"({"return": {}})"));
  EXPECT_EQ(ask(R"({"execute": "system_reset"})"), json::parse(R"({"return": {}})"));
  EXPECT_EQ(ask(R"({"execute": "query-cpus"})"),
            json::parse(R"({"return": [{"cpu-index": 0, "pc": 65656}]})"));
  EXPECT_EQ(ask(R"({"execute": "query-stats"})"),
            json::parse(R"({"return": {"instructions": 12345}})"));
  EXPECT_EQ(ask(R"({"execute": "snapshot-save", "arguments": {"filename": "a.snap"}})"),
            json::parse(R"({"return": {}})"));
  EXPECT_EQ(ask(R"({"execute": "snapshot-load", "arguments": {"filename": "b.snap"}})"),
            error("GenericError", "no snapshot in b.snap"));
  EXPECT_EQ(ask(R"({"execute": "query-journal"})"), json::parse(R"({"return": []})"));
  EXPECT_EQ(ask(R"({"execute": "quit"})"), json::parse(R"({"return": {}})"));
  EXPECT_EQ(target_.calls(),
            (std::vector<std::string>{"query-status", "stop", "cont", "system_reset", "query-cpus",
                                      "query-stats", "snapshot-save a.snap", "snapshot-load b.snap",
                                      "query-journal", "quit"}));
}

TEST_F(SessionTest, UnsupportedCommandSaysSoForTheMode) {
  negotiate();
  EXPECT_EQ(ask(R"({"execute": "system_powerdown"})"),
            error("GenericError", "'system_powerdown' is not supported in test mode"));
}

TEST_F(SessionTest, ReplyCarriesTheRequestIdWhateverItsType) {
  negotiate();
  EXPECT_EQ(ask(R"({"execute": "stop", "id": 7})")["id"], 7);
  EXPECT_EQ(ask(R"({"execute": "nope", "id": {"a": [1]}})")["id"], json::parse(R"({"a": [1]})"));
  EXPECT_EQ(ask(R"({"execute": 3, "id": "x"})")["id"], "x");
}

TEST_F(SessionTest, RepliesAreAscii) {  // qmp-spec, "Protocol Specification"
  negotiate();
  EXPECT_EQ(session_.handle(R"({"execute": "stop", "id": "h\u00e9 \u2603"})"),
            R"({"id":"h\u00e9 \u2603","return":{}})");
}

TEST_F(SessionTest, UnknownCommandIsCommandNotFound) {
  negotiate();
  EXPECT_EQ(ask(R"({"execute": "format-disk"})"),
            error("CommandNotFound", "The command format-disk has not been found"));
  EXPECT_TRUE(target_.calls().empty());
}

TEST_F(SessionTest, MalformedJsonIsAGenericError) {
  for (std::string_view bad : {"{", "{\"execute\": }", "nul", "\"unterminated", "{} {}"}) {
    EXPECT_EQ(ask(bad), error("GenericError", "JSON parse error")) << bad;
  }
  negotiate();  // the session still works
}

TEST_F(SessionTest, RequestShapeErrors) {
  negotiate();
  EXPECT_EQ(ask("[1, 2]"), error("GenericError", "QMP input must be a JSON object"));
  EXPECT_EQ(ask("{}"), error("GenericError", "QMP input lacks member 'execute'"));
  EXPECT_EQ(ask(R"({"execute": ["stop"]})"),
            error("GenericError", "QMP input member 'execute' must be a string"));
  EXPECT_EQ(ask(R"({"execute": "stop", "arguments": []})"),
            error("GenericError", "QMP input member 'arguments' must be an object"));
  EXPECT_EQ(ask(R"({"execute": "stop", "extra": 1})"),
            error("GenericError", "QMP input member 'extra' is unexpected"));
  EXPECT_TRUE(target_.calls().empty());
}

TEST_F(SessionTest, ArgumentsMissingWrongTypedOrUnexpected) {
  negotiate();
  EXPECT_EQ(ask(R"({"execute": "snapshot-save"})"),
            error("GenericError", "Parameter 'filename' is missing"));
  EXPECT_EQ(ask(R"({"execute": "snapshot-save", "arguments": {"filename": 5}})"),
            error("GenericError", "Invalid parameter type for 'filename', expected: string"));
  EXPECT_EQ(ask(R"({"execute": "snapshot-load", "arguments": {"filename": "a", "b": 1}})"),
            error("GenericError", "Parameter 'b' is unexpected"));
  EXPECT_EQ(ask(R"({"execute": "stop", "arguments": {"now": true}})"),
            error("GenericError", "Parameter 'now' is unexpected"));
  EXPECT_TRUE(target_.calls().empty());
}

TEST(LineFramer, SplitsSeveralMessagesInOneRead) {
  LineFramer framer(100);
  ASSERT_TRUE(framer.feed("{\"a\":1}\n{\"b\":2}\r\n\n  \n{\"c\""));
  EXPECT_EQ(framer.next(), "{\"a\":1}");
  EXPECT_EQ(framer.next(), "{\"b\":2}");
  EXPECT_EQ(framer.next(), std::nullopt);
  EXPECT_EQ(framer.partial_bytes(), 4u);
  ASSERT_TRUE(framer.feed(":3}\n"));
  EXPECT_EQ(framer.next(), "{\"c\":3}");
}

TEST(LineFramer, JoinsAMessageFedByteByByte) {
  LineFramer framer(100);
  for (char byte : std::string_view("{\"execute\": \"stop\"}\n")) {
    ASSERT_TRUE(framer.feed({&byte, 1}));
  }
  EXPECT_EQ(framer.next(), "{\"execute\": \"stop\"}");
}

TEST(LineFramer, AcceptsAMessageOfExactlyTheBoundAndRefusesOneMore) {
  LineFramer framer(8);
  ASSERT_TRUE(framer.feed("12345678\n"));
  EXPECT_EQ(framer.next(), "12345678");
  EXPECT_FALSE(
      framer.feed("1234"
                  "56789"));
  EXPECT_TRUE(framer.oversized());
  EXPECT_FALSE(framer.feed("\n"));
  EXPECT_EQ(framer.next(), std::nullopt);
}

}  // namespace
}  // namespace polyvm::control
