// Raw mode on a pseudo-terminal: entered, and put back by the destructor, by exit() and by a
// terminating signal, so a crashed or killed emulator leaves a usable shell.
#include "board/terminal.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

namespace polyvm::board {
namespace {

// A pty pair; the test inspects the terminal side's settings through its own descriptor.
class PtyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    master_ = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master_ < 0) GTEST_SKIP() << "no pseudo-terminals here";
    ASSERT_EQ(::grantpt(master_), 0);
    ASSERT_EQ(::unlockpt(master_), 0);
    terminal_ = ::open(::ptsname(master_), O_RDWR | O_NOCTTY);
    ASSERT_GE(terminal_, 0);
  }
  void TearDown() override {
    if (terminal_ >= 0) ::close(terminal_);
    if (master_ >= 0) ::close(master_);
  }
  bool canonical() const {
    termios t{};
    EXPECT_EQ(::tcgetattr(terminal_, &t), 0);
    return (t.c_lflag & ICANON) && (t.c_lflag & ECHO) && (t.c_lflag & ISIG);
  }
  // Runs `body` in a child that entered raw mode; returns its wait status.
  template <typename Body>
  int in_child(Body body) {
    const pid_t child = ::fork();
    if (child == 0) {
      auto raw = RawTerminal::enter(terminal_);
      if (!raw) std::_Exit(90);
      body();
      std::_Exit(91);
    }
    int status = 0;
    EXPECT_EQ(::waitpid(child, &status, 0), child);
    return status;
  }
  int master_ = -1;
  int terminal_ = -1;
};

TEST_F(PtyTest, EnterMakesItRawAndTheDestructorRestoresIt) {
  ASSERT_TRUE(canonical());
  {
    auto raw = RawTerminal::enter(terminal_);
    ASSERT_TRUE(raw) << raw.error().message;
    termios t{};
    ASSERT_EQ(::tcgetattr(terminal_, &t), 0);
    EXPECT_FALSE(t.c_lflag & (ICANON | ECHO | ISIG));
    EXPECT_FALSE(t.c_iflag & (ICRNL | IXON));
    EXPECT_TRUE(t.c_oflag & OPOST);  // "\n" still becomes "\r\n" on the way out
    EXPECT_EQ(t.c_cc[VMIN], 1);
    EXPECT_FALSE(RawTerminal::enter(terminal_));  // one at a time
  }
  EXPECT_TRUE(canonical());
}

TEST_F(PtyTest, ATerminatingSignalRestoresTheTerminalAndStillTerminates) {
  for (int signal : {SIGTERM, SIGHUP, SIGINT}) {
    const int status = in_child([&] { std::raise(signal); });
    ASSERT_TRUE(WIFSIGNALED(status)) << "signal " << signal << " status " << status;
    EXPECT_EQ(WTERMSIG(status), signal);
    EXPECT_TRUE(canonical()) << "after signal " << signal;
  }
}

TEST_F(PtyTest, AbortRestoresTheTerminal) {
  const int status = in_child([] { std::abort(); });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGABRT);
  EXPECT_TRUE(canonical());
}

TEST_F(PtyTest, ExitWithoutUnwindingRestoresTheTerminal) {
  const int status = in_child([] { std::exit(7); });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
  EXPECT_TRUE(canonical());
}

TEST(RawTerminal, APipeIsNotATerminal) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const auto raw = RawTerminal::enter(fds[0]);
  ASSERT_FALSE(raw);
  EXPECT_NE(raw.error().message.find("not a terminal"), std::string::npos);
  ::close(fds[0]);
  ::close(fds[1]);
}

}  // namespace
}  // namespace polyvm::board
