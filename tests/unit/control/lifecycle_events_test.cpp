// Lifecycle transitions as QMP sees them: event names and data of QEMU's qapi/run-state.json
// (STOP, RESUME, SHUTDOWN {guest, reason}, RESET, GUEST_PANICKED {action}) and RunState names.
#include "control/lifecycle_events.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>

#include "fake_target.h"

namespace polyvm::control {
namespace {

using nlohmann::json;
using enum VmState;
using enum Cause;

std::vector<std::string> names_for(VmState from, VmState to, Cause cause) {
  std::vector<std::string> names;
  for (const auto& [name, data] : events_for({{}, {}, from, to, cause})) names.emplace_back(name);
  return names;
}

TEST(LifecycleEvents, PauseAndResumeAreStopAndResume) {
  EXPECT_EQ(names_for(kRunning, kPaused, kUserRequest), std::vector<std::string>{"STOP"});
  EXPECT_EQ(names_for(kPaused, kRunning, kSnapshot), std::vector<std::string>{"RESUME"});
  EXPECT_EQ(names_for(kCreated, kRunning, kUserRequest), std::vector<std::string>{"RESUME"});
  EXPECT_TRUE(names_for(kCreated, kPaused, kUserRequest).empty());  // -S: no event in QEMU
}

TEST(LifecycleEvents, ShutdownSaysWhoAndWhy) {
  const auto quit = events_for({{}, {}, kRunning, kStopped, kUserRequest});
  ASSERT_EQ(quit.size(), 1u);
  EXPECT_EQ(quit[0].first, "SHUTDOWN");
  EXPECT_EQ(quit[0].second, json::parse(R"({"guest": false, "reason": "host-qmp-quit"})"));
  const auto poweroff = events_for({{}, {}, kRunning, kStopped, kGuestShutdown});
  EXPECT_EQ(poweroff.at(0).second, json::parse(R"({"guest": true, "reason": "guest-shutdown"})"));
  const auto failed = events_for({{}, {}, kPaused, kStopped, kHostError});
  EXPECT_EQ(failed.at(0).second, json::parse(R"({"guest": false, "reason": "host-error"})"));
}

TEST(LifecycleEvents, PanicIsAnnouncedBeforeItsStopOrShutdown) {
  EXPECT_EQ(names_for(kRunning, kPaused, kGuestPanic),
            (std::vector<std::string>{"GUEST_PANICKED", "STOP"}));
  const auto stopped = events_for({{}, {}, kRunning, kStopped, kGuestPanic});
  ASSERT_EQ(stopped.size(), 2u);
  EXPECT_EQ(stopped[0].second, json::parse(R"({"action": "poweroff"})"));
  EXPECT_EQ(stopped[1].second, json::parse(R"({"guest": true, "reason": "guest-panic"})"));
}

TEST(LifecycleEvents, ResetIsReset) {
  EXPECT_EQ(names_for(kRunning, kRunning, kGuestReset), std::vector<std::string>{"RESET"});
}

TEST(LifecycleEvents, StatusUsesQemuRunStateNames) {
  EXPECT_EQ(status_reply(kCreated), json::parse(R"({"running": false, "status": "prelaunch"})"));
  EXPECT_EQ(status_reply(kRunning), json::parse(R"({"running": true, "status": "running"})"));
  EXPECT_EQ(status_reply(kPaused), json::parse(R"({"running": false, "status": "paused"})"));
  EXPECT_EQ(status_reply(kStopped), json::parse(R"({"running": false, "status": "shutdown"})"));
}

TEST(LifecycleEvents, JournalReplyListsTransitionsInOrder) {
  Lifecycle vm;
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));
  ASSERT_TRUE(vm.request(kPaused, kDebugger));
  const json reply = journal_reply(vm.journal());
  ASSERT_EQ(reply.size(), 2u);
  EXPECT_EQ(reply[1]["from"], "running");
  EXPECT_EQ(reply[1]["to"], "paused");
  EXPECT_EQ(reply[1]["cause"], "debugger");
}

TEST(LifecycleEvents, ForwardedTransitionsReachASocketClient) {
  const auto dir = std::filesystem::temp_directory_path() /
                   fmt::format("polyvm_lifecycle_events_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "vm.sock").string();
  FakeTarget target;
  auto server = ControlServer::start(path, target);
  ASSERT_TRUE(server);
  Lifecycle vm;
  forward_events(vm, **server);
  Fd fd = *connect_unix(path);
  const timeval timeout{5, 0};  // a missing event fails the test instead of hanging it
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  const std::string negotiate = "{\"execute\": \"qmp_capabilities\"}\n";
  ASSERT_EQ(::write(fd.get(), negotiate.data(), negotiate.size()),
            static_cast<ssize_t>(negotiate.size()));
  std::string input;
  auto read_lines = [&](size_t count) {
    while (static_cast<size_t>(std::ranges::count(input, '\n')) < count) {
      char buffer[4096];
      const ssize_t got = ::read(fd.get(), buffer, sizeof(buffer));
      if (got <= 0) return;
      input.append(buffer, static_cast<size_t>(got));
    }
  };
  read_lines(2);  // greeting, negotiation reply: events come only after it
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));
  ASSERT_TRUE(vm.request(kPaused, kUserRequest));
  ASSERT_TRUE(vm.request(kStopped, kUserRequest));
  read_lines(5);
  std::vector<std::string> events;
  for (size_t start = 0, end; (end = input.find('\n', start)) != std::string::npos;
       start = end + 1) {
    const json line = json::parse(input.substr(start, end - start));
    if (line.contains("event")) events.push_back(line["event"]);
  }
  EXPECT_EQ(events, (std::vector<std::string>{"RESUME", "STOP", "SHUTDOWN"}));
  server->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace polyvm::control
