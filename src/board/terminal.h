// Raw mode for the terminal that serves as the guest's console, undone on every way out: normal
// return, exit(), and the signals that would otherwise leave the user's shell unusable.
#pragma once

#include <memory>

#include "core/error.h"

namespace polyvm::board {

/// Puts a terminal in raw mode (no echo, no line editing, no signals from Ctrl-C/Ctrl-Z, 8-bit
/// input; output processing stays on, as QEMU's stdio chardev) until destroyed. Only one at a
/// time. While it lives, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL and
/// SIGFPE restore the terminal and then act as by default, if nothing else handles them; exit()
/// restores it too. SIGKILL and SIGSTOP cannot be caught: `stty sane` fixes the terminal then.
///
///   auto raw = RawTerminal::enter(STDIN_FILENO);
///   if (!raw) return std::unexpected(raw.error());  // not a terminal
class RawTerminal {
 public:
  /// Raw mode on `fd`; an error when `fd` is not a terminal or another RawTerminal lives.
  static Result<std::unique_ptr<RawTerminal>> enter(int fd);
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  /// Puts the saved mode back now (async-signal-safe; idempotent).
  static void restore() noexcept;

 private:
  RawTerminal() = default;
};

}  // namespace polyvm::board
