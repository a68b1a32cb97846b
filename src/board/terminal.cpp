// termios raw mode with the original settings kept in static storage, so a signal handler or an
// atexit hook can put them back without touching anything that is not async-signal-safe.
#include "board/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>

namespace polyvm::board {

namespace {

constexpr std::array kRestoringSignals = {SIGINT,  SIGTERM, SIGHUP, SIGQUIT, SIGABRT,
                                          SIGSEGV, SIGBUS,  SIGILL, SIGFPE};

std::atomic<bool> g_active{false};  // a RawTerminal lives and the mode is not yet restored
std::atomic<bool> g_claimed{false};
int g_fd = -1;
termios g_saved{};
std::array<bool, kRestoringSignals.size()> g_installed{};
bool g_atexit_registered = false;

// SAFETY: runs in signal context; uses only tcsetattr, sigaction and raise, all
// async-signal-safe. SA_RESETHAND made the disposition default again, so the re-raised signal
// terminates (or dumps core) as it would have without us.
void on_signal(int signal) {
  RawTerminal::restore();
  std::raise(signal);
}

void install_handlers() {
  for (std::size_t i = 0; i < kRestoringSignals.size(); ++i) {
    struct sigaction old {};
    if (::sigaction(kRestoringSignals[i], nullptr, &old) != 0 || old.sa_handler != SIG_DFL ||
        (old.sa_flags & SA_SIGINFO)) {
      g_installed[i] = false;  // someone else handles it; leave it to them
      continue;
    }
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    // SAFETY: installs on_signal, which only restores termios and re-raises.
    g_installed[i] = ::sigaction(kRestoringSignals[i], &action, nullptr) == 0;
  }
}

void remove_handlers() {
  for (std::size_t i = 0; i < kRestoringSignals.size(); ++i) {
    if (!g_installed[i]) continue;
    struct sigaction current {};
    ::sigaction(kRestoringSignals[i], nullptr, &current);
    if (current.sa_handler == on_signal) std::signal(kRestoringSignals[i], SIG_DFL);
    g_installed[i] = false;
  }
}

}  // namespace

Result<std::unique_ptr<RawTerminal>> RawTerminal::enter(int fd) {
  if (!::isatty(fd)) return fail("the console input is not a terminal");
  if (g_claimed.exchange(true)) return fail("the terminal is already in raw mode");
  termios raw{};
  if (::tcgetattr(fd, &g_saved) != 0) {
    g_claimed = false;
    return fail("cannot read the terminal settings: {}", std::strerror(errno));
  }
  raw = g_saved;
  raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  raw.c_oflag |= OPOST;
  raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  raw.c_cflag &= ~(CSIZE | PARENB);
  raw.c_cflag |= CS8;
  raw.c_cc[VMIN] = 1;
  raw.c_cc[VTIME] = 0;
  g_fd = fd;
  if (!g_atexit_registered) {
    std::atexit([] { RawTerminal::restore(); });
    g_atexit_registered = true;
  }
  install_handlers();
  g_active = true;
  if (::tcsetattr(fd, TCSANOW, &raw) != 0) {
    const int err = errno;
    g_active = false;
    remove_handlers();
    g_claimed = false;
    return fail("cannot put the terminal in raw mode: {}", std::strerror(err));
  }
  return std::unique_ptr<RawTerminal>(new RawTerminal());
}

RawTerminal::~RawTerminal() {
  restore();
  remove_handlers();
  g_claimed = false;
}

void RawTerminal::restore() noexcept {
  if (g_active.exchange(false)) ::tcsetattr(g_fd, TCSANOW, &g_saved);
}

}  // namespace polyvm::board
