// Serial backends without a terminal: piped input reaches the UART sink (and ends at EOF without
// spinning), a full FIFO is retried, Ctrl-A X quits when escapes are on, file output, options.
#include "board/console_backend.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>

namespace polyvm::board {
namespace {

using namespace std::chrono_literals;

// Collects what the input thread delivers; `room` bytes at most per call, like a UART FIFO.
class Sink {
 public:
  explicit Sink(std::size_t room = 1024) : room_(room) {}
  std::size_t operator()(std::span<const u8> bytes) {
    std::lock_guard lock(mutex_);
    const std::size_t n = std::min(room_, bytes.size());
    received_.append(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
    changed_.notify_all();
    return n;
  }
  bool wait_for(const std::string& text) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 5s, [&] { return received_ == text; });
  }
  std::string received() {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  std::size_t room_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string received_;
};

class PipeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(in_), 0);
    ASSERT_EQ(::pipe(out_), 0);
  }
  void TearDown() override {
    for (int fd : {in_[0], in_[1], out_[0], out_[1]}) {
      if (fd >= 0) ::close(fd);
    }
  }
  void type(const std::string& text) {
    ASSERT_EQ(::write(in_[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void close_input() {
    ::close(in_[1]);
    in_[1] = -1;
  }
  int in_[2] = {-1, -1};
  int out_[2] = {-1, -1};
};

TEST_F(PipeTest, PipedInputPassesThroughUntouched) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], false);
  ASSERT_TRUE(console);
  Sink sink;
  (*console)->start_input(std::ref(sink), [] {});
  type("echo hi\r\x01x\x03");
  EXPECT_TRUE(sink.wait_for("echo hi\r\x01x\x03"));
}

TEST_F(PipeTest, EndOfFileEndsTheInputThreadWithoutSpinning) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], false);
  Sink sink;
  (*console)->start_input(std::ref(sink), [] {});
  type("last");
  close_input();
  EXPECT_TRUE(sink.wait_for("last"));
  for (int i = 0; i < 500 && !(*console)->input_ended(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE((*console)->input_ended());
}

TEST_F(PipeTest, AFullReceiverIsRetriedUntilEverythingIsTaken) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], false);
  Sink sink(1);  // a UART without FIFOs takes one byte at a time
  (*console)->start_input(std::ref(sink), [] {});
  const std::string text(100, 'z');
  type(text);
  EXPECT_TRUE(sink.wait_for(text));
}

TEST_F(PipeTest, WithEscapesCtrlAXCallsQuitAndCtrlACtrlASendsOne) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], true);
  Sink sink;
  std::atomic<int> quits{0};
  (*console)->start_input(std::ref(sink), [&] { ++quits; });
  type(
      "a\x01\x01"
      "b\x01x");
  EXPECT_TRUE(
      sink.wait_for("a\x01"
                    "b"));
  for (int i = 0; i < 500 && quits == 0; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(quits, 1);
}

TEST_F(PipeTest, CtrlAHPrintsHelpOnTheOutput) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], true);
  Sink sink;
  (*console)->start_input(std::ref(sink), [] {});
  type("\x01h");
  std::string seen(kEscapeHelp.size(), '\0');
  std::size_t got = 0;
  while (got < seen.size()) {
    const ssize_t n = ::read(out_[0], seen.data() + got, seen.size() - got);
    ASSERT_GT(n, 0);
    got += static_cast<std::size_t>(n);
  }
  EXPECT_EQ(seen, kEscapeHelp);
}

TEST_F(PipeTest, StopInputJoinsAThreadBlockedOnAnIdleInput) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], false);
  Sink sink;
  (*console)->start_input(std::ref(sink), [] {});
  const auto begin = std::chrono::steady_clock::now();
  (*console)->stop_input();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 1s);
  EXPECT_TRUE((*console)->input_ended());
}

TEST_F(PipeTest, GuestOutputReachesTheOutputAsWritten) {
  auto console = ConsoleBackend::over_fds(in_[0], out_[1], false);
  for (char c : std::string("OpenSBI\r\n")) (*console)->put(static_cast<u8>(c));
  char buffer[16] = {};
  EXPECT_EQ(::read(out_[0], buffer, sizeof buffer), 9);
  EXPECT_EQ(std::string(buffer, 9), "OpenSBI\r\n");
}

TEST(ConsoleBackend, FileBackendWritesTheFileAndHasNoInput) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("polyvm_serial_" + std::to_string(::getpid()) + ".log");
  {
    auto console = ConsoleBackend::open({SerialOption::Kind::kFile, path.string()});
    ASSERT_TRUE(console) << console.error().message;
    EXPECT_TRUE((*console)->input_ended());
    for (char c : std::string("boot\n")) (*console)->put(static_cast<u8>(c));
  }
  std::ifstream in(path);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "boot\n");
  std::filesystem::remove(path);
  const auto bad = ConsoleBackend::open({SerialOption::Kind::kFile, "/nonexistent/dir/log"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("No such file"), std::string::npos);
}

TEST(ConsoleBackend, ParsesSerialOptions) {
  EXPECT_EQ(parse_serial_option("stdio")->kind, SerialOption::Kind::kStdio);
  EXPECT_EQ(parse_serial_option("mon:stdio")->kind, SerialOption::Kind::kStdio);
  EXPECT_EQ(parse_serial_option("null")->kind, SerialOption::Kind::kNull);
  EXPECT_EQ(parse_serial_option("none")->kind, SerialOption::Kind::kNull);
  const auto file = parse_serial_option("file:/tmp/x.log");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->kind, SerialOption::Kind::kFile);
  EXPECT_EQ(file->path, "/tmp/x.log");
  for (const char* bad : {"file:", "tcp:1234", "mon:", ""}) {
    const auto option = parse_serial_option(bad);
    ASSERT_FALSE(option) << bad;
    EXPECT_NE(option.error().message.find("stdio, file:PATH or null"), std::string::npos);
  }
}

}  // namespace
}  // namespace polyvm::board
