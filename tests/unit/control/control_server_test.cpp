// The control socket driven by test clients over a real Unix socket in a temp dir, against a
// fake target: framing over partial reads, bounds, several clients, events, disconnects.
#include "control/control_server.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "control/ctl_client.h"
#include "fake_target.h"

namespace polyvm::control {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// A raw client: what it sends is bytes, what it reads is lines, each with a timeout.
class TestClient {
 public:
  explicit TestClient(const std::string& path) : fd_(*connect_unix(path)) {}

  void send_raw(std::string_view bytes) {
    ASSERT_EQ(::send(fd_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL),
              static_cast<ssize_t>(bytes.size()));
  }

  // The next line as JSON, or null after 5 s or at end of stream.
  json read() {
    for (;;) {
      if (const size_t end = input_.find('\n'); end != std::string::npos) {
        json message = json::parse(input_.substr(0, end));
        input_.erase(0, end + 1);
        return message;
      }
      if (!fill()) return nullptr;
    }
  }

  json execute(std::string_view request) {
    send_raw(std::string(request) + "\n");
    return read();
  }

  void negotiate() {
    EXPECT_TRUE(read().contains("QMP"));
    EXPECT_EQ(execute(R"({"execute": "qmp_capabilities"})"), json::parse(R"({"return": {}})"));
  }

  // True when the server closed the connection (after any pending lines).
  bool closed_by_server() {
    while (fill()) {
    }
    return eof_;
  }

  void close() { fd_ = Fd(); }

 private:
  bool fill() {
    pollfd waiting{fd_.get(), POLLIN, 0};
    if (::poll(&waiting, 1, 5000) <= 0) return false;
    char buffer[4096];
    const ssize_t got = ::recv(fd_.get(), buffer, sizeof(buffer), 0);
    if (got <= 0) {
      eof_ = true;
      return false;
    }
    input_.append(buffer, static_cast<size_t>(got));
    return true;
  }

  Fd fd_;
  std::string input_;
  bool eof_ = false;
};

class ControlServerTest : public ::testing::Test {
 protected:
  ControlServerTest() {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("polyvm_control_{}_{}", ::getpid(), counter_++);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "vm.sock").string();
    server_ = std::move(*ControlServer::start(path_, target_, limits_));
  }
  ~ControlServerTest() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The server counts clients after each poll round; wait for it to settle.
  bool wait_for_clients(size_t count) {
    for (int i = 0; i < 500 && server_->client_count() != count; ++i)
      std::this_thread::sleep_for(2ms);
    return server_->client_count() == count;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::string path_;
  FakeTarget target_;
  ServerLimits limits_{.max_message_bytes = 1024, .max_pending_output = 1 << 20, .max_clients = 4};
  std::unique_ptr<ControlServer> server_;
};

TEST_F(ControlServerTest, GreetsNegotiatesAndAnswers) {
  TestClient client(path_);
  const json greeting = client.read();
  EXPECT_EQ(greeting["QMP"]["capabilities"], json::array());
  EXPECT_EQ(client.execute(R"({"execute": "query-status", "id": 1})")["error"]["class"],
            "CommandNotFound");
  EXPECT_EQ(client.execute(R"({"execute": "qmp_capabilities"})"), json::parse(R"({"return": {}})"));
  EXPECT_EQ(client.execute(R"({"execute": "query-status", "id": 2})"),
            json::parse(R"({"return": {"running": true}, "id": 2})"));
}

TEST_F(ControlServerTest, EveryCommandOverTheSocket) {
  TestClient client(path_);
  client.negotiate();
  for (std::string_view command : {"query-status", "stop", "cont", "quit", "system_reset",
                                   "query-cpus", "query-stats", "query-journal"}) {
    EXPECT_TRUE(client.execute(fmt::format(R"({{"execute": "{}"}})", command)).contains("return"))
        << command;
  }
  EXPECT_EQ(client.execute(R"({"execute": "system_powerdown"})")["error"]["class"], "GenericError");
  EXPECT_TRUE(client.execute(R"({"execute": "snapshot-save", "arguments": {"filename": "s"}})")
                  .contains("return"));
  EXPECT_TRUE(client.execute(R"({"execute": "snapshot-load", "arguments": {"filename": "s"}})")
                  .contains("error"));
  EXPECT_EQ(target_.calls().size(), 10u);
}

TEST_F(ControlServerTest, MessageSplitAcrossWritesAndSeveralInOneWrite) {
  TestClient client(path_);
  client.negotiate();
  for (char byte : std::string_view(R"({"execute": "stop", "id": "split"})"
                                    "\n")) {
    client.send_raw({&byte, 1});
    std::this_thread::sleep_for(100us);
  }
  EXPECT_EQ(client.read()["id"], "split");
  client.send_raw(R"({"execute": "cont", "id": 1})"
                  "\n"
                  R"({"execute": "bogus", "id": 2})"
                  "\n{\n"
                  R"({"execute": "query-stats", "id": 3})"
                  "\n");
  EXPECT_EQ(client.read(), json::parse(R"({"return": {}, "id": 1})"));
  EXPECT_EQ(client.read()["error"]["class"], "CommandNotFound");
  EXPECT_EQ(client.read()["error"]["desc"], "JSON parse error");
  EXPECT_EQ(client.read()["return"]["instructions"], 12345);
  EXPECT_EQ(target_.calls(), (std::vector<std::string>{"stop", "cont", "query-stats"}));
}

TEST_F(ControlServerTest, OversizedMessageGetsAnErrorAndTheClientIsDisconnected) {
  TestClient bystander(path_);
  bystander.negotiate();
  TestClient client(path_);
  client.negotiate();
  client.send_raw(std::string(R"({"execute": "stop", "id": ")") + std::string(2000, 'x'));
  const json reply = client.read();
  EXPECT_EQ(reply["error"]["class"], "GenericError");
  EXPECT_EQ(reply["error"]["desc"], "message longer than 1024 bytes; closing the connection");
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_TRUE(wait_for_clients(1));
  EXPECT_TRUE(target_.calls().empty());  // the VM was not touched
  EXPECT_EQ(bystander.execute(R"({"execute": "cont"})"), json::parse(R"({"return": {}})"));
}

TEST_F(ControlServerTest, ClientDisconnectingMidMessageIsCleanedUp) {
  {
    TestClient client(path_);
    client.negotiate();
    client.send_raw(R"({"execute": "stop", "argu)");
    ASSERT_TRUE(wait_for_clients(1));
  }
  EXPECT_TRUE(wait_for_clients(0));
  EXPECT_TRUE(target_.calls().empty());
  TestClient next(path_);
  next.negotiate();
  EXPECT_EQ(next.execute(R"({"execute": "stop"})"), json::parse(R"({"return": {}})"));
}

TEST_F(ControlServerTest, TwoClientsAtOnceBothGetEventsOnlyAfterNegotiation) {
  TestClient first(path_);
  TestClient second(path_);
  first.negotiate();
  second.negotiate();
  TestClient unnegotiated(path_);
  EXPECT_TRUE(unnegotiated.read().contains("QMP"));
  ASSERT_TRUE(wait_for_clients(3));
  server_->emit("STOP");
  server_->emit("RESET", {{"guest", true}});
  for (TestClient* client : {&first, &second}) {
    const json stop = client->read();
    EXPECT_EQ(stop["event"], "STOP");
    EXPECT_FALSE(stop.contains("data"));
    EXPECT_GT(stop["timestamp"]["seconds"].get<std::int64_t>(), 1'600'000'000);
    EXPECT_EQ(client->read()["data"], json::parse(R"({"guest": true})"));
  }
  // The unnegotiated client gets no event: its next line is the reply to its request.
  EXPECT_EQ(unnegotiated.execute(R"({"execute": "qmp_capabilities", "id": "n"})"),
            json::parse(R"({"return": {}, "id": "n"})"));
  // Interleaved requests from both clients each get their own reply.
  first.send_raw(R"({"execute": "stop", "id": "a"})"
                 "\n");
  second.send_raw(R"({"execute": "cont", "id": "b"})"
                  "\n");
  EXPECT_EQ(first.read()["id"], "a");
  EXPECT_EQ(second.read()["id"], "b");
}

TEST_F(ControlServerTest, ClientThatStopsReadingIsDroppedAndOthersGoOn) {
  const std::string path = (dir_ / "small.sock").string();
  auto server = ControlServer::start(path, target_, {.max_pending_output = 4096});
  ASSERT_TRUE(server);
  TestClient reader(path);
  reader.negotiate();
  Fd silent = *connect_unix(path);
  const std::string request = R"({"execute": "query-cpus"})"
                              "\n";
  std::string flood = R"({"execute": "qmp_capabilities"})"
                      "\n";
  for (int i = 0; i < 20000; ++i) flood += request;  // ~1 MB of replies, never read
  for (size_t sent = 0; sent < flood.size();) {
    const ssize_t n = ::send(silent.get(), flood.data() + sent, flood.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // dropped by the server
    sent += static_cast<size_t>(n);
  }
  for (int i = 0; i < 500 && (*server)->client_count() != 1; ++i) std::this_thread::sleep_for(2ms);
  EXPECT_EQ((*server)->client_count(), 1u);
  EXPECT_EQ(reader.execute(R"({"execute": "cont"})"), json::parse(R"({"return": {}})"));
}

TEST_F(ControlServerTest, ConnectionsBeyondTheLimitAreClosed) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<TestClient>(path_));
    clients.back()->negotiate();
  }
  TestClient extra(path_);
  EXPECT_TRUE(extra.closed_by_server());
  EXPECT_EQ(clients[3]->execute(R"({"execute": "cont"})"), json::parse(R"({"return": {}})"));
}

TEST_F(ControlServerTest, StaleSocketFileIsReplacedAndRemovedOnShutdown) {
  server_.reset();
  EXPECT_FALSE(std::filesystem::exists(path_));
  ASSERT_TRUE(ControlServer::start(path_, target_));  // nothing left behind to collide with
}

TEST_F(ControlServerTest, CtlClientPrintsReturnAndExitsNonZeroOnErrors) {
  auto reply = ctl_execute(path_, "query-stats", "");
  ASSERT_TRUE(reply);
  EXPECT_FALSE(reply->is_error);
  EXPECT_EQ(json::parse(reply->json),
            json::parse(R"({"return": {"instructions": 12345}, "id": "ctl"})"));
  auto saved = ctl_execute(path_, "snapshot-save", R"({"filename": "x.snap"})");
  ASSERT_TRUE(saved);
  EXPECT_FALSE(saved->is_error);
  auto failed = ctl_execute(path_, "snapshot-load", R"({"filename": "y.snap"})");
  ASSERT_TRUE(failed);
  EXPECT_TRUE(failed->is_error);
  EXPECT_EQ(target_.calls(), (std::vector<std::string>{"query-stats", "snapshot-save x.snap",
                                                       "snapshot-load y.snap"}));
  std::FILE* out = std::tmpfile();
  EXPECT_EQ(run_ctl(path_, "query-stats", "", out), 0);
  EXPECT_EQ(run_ctl(path_, "no-such-command", "", out), 1);
  EXPECT_EQ(run_ctl(path_, "stop", "[1]", out), 2);
  EXPECT_EQ(run_ctl((dir_ / "absent.sock").string(), "stop", "", out), 2);
  std::rewind(out);
  char text[256] = {};
  EXPECT_GT(std::fread(text, 1, sizeof(text) - 1, out), 0u);
  std::fclose(out);
  EXPECT_EQ(std::string_view(text).substr(0, 27), "{\n  \"instructions\": 12345\n}");
}

TEST_F(ControlServerTest, DrainReturnsOnceEmittedEventsReachedTheClients) {
  TestClient client(path_);
  client.negotiate();
  ASSERT_TRUE(wait_for_clients(1));
  server_->emit("SHUTDOWN", {{"guest", true}, {"reason", "guest-shutdown"}});
  EXPECT_TRUE(server_->drain(2000ms));
  server_.reset();  // the process would end here; the event must already be in the socket
  EXPECT_EQ(client.read()["event"], "SHUTDOWN");
}

TEST_F(ControlServerTest, DrainWithoutClientsReturnsAtOnce) {
  EXPECT_TRUE(server_->drain(2000ms));
  EXPECT_TRUE(server_->drain(2000ms));
}

}  // namespace
}  // namespace polyvm::control
