// The host side of the guest's serial port (-serial stdio | file:PATH | null): where UART output
// goes, and an input thread that feeds typed or piped bytes to the UART.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <thread>

#include "board/serial_escape.h"
#include "board/terminal.h"
#include "core/error.h"
#include "core/types.h"

namespace polyvm::board {

/// A parsed -serial option.
struct SerialOption {
  enum class Kind { kStdio, kFile, kNull };
  Kind kind = Kind::kStdio;
  std::string path;  ///< kFile
};

/// Parses "stdio" (or "mon:stdio"), "file:PATH", "null" or "none" (QEMU's chardev names).
Result<SerialOption> parse_serial_option(std::string_view text);

/// Output and input of one serial port. With stdio on a terminal, the terminal is raw and Ctrl-A
/// escapes apply (Ctrl-A X quits); from a pipe, input passes through untouched and ends at EOF.
///
///   auto console = ConsoleBackend::open(*parse_serial_option("stdio"));
///   device::Uart16550 uart{[&](u8 b) { (*console)->put(b); }};
///   (*console)->start_input([&](auto bytes) { return uart.push_input(bytes); },
///                           [&] { machine.request_stop(); });
class ConsoleBackend {
 public:
  /// Takes what it can of `bytes` and says how many (Uart16550::push_input).
  using InputSink = std::function<std::size_t(std::span<const u8>)>;
  /// Called from the input thread on Ctrl-A X.
  using QuitHandler = std::function<void()>;

  /// Opens the backend: stdio (raw mode when stdin is a terminal), a file created or
  /// truncated for output only, or nothing.
  static Result<std::unique_ptr<ConsoleBackend>> open(const SerialOption& option);
  /// A backend over given descriptors (not closed by it); for tests and embedding.
  static Result<std::unique_ptr<ConsoleBackend>> over_fds(int input_fd, int output_fd,
                                                          bool escapes);
  ~ConsoleBackend();
  ConsoleBackend(const ConsoleBackend&) = delete;
  ConsoleBackend& operator=(const ConsoleBackend&) = delete;

  /// Writes one byte the guest sent (the UART's sink). Unbuffered, so prompts appear at once.
  void put(u8 byte);
  /// Starts the input thread; a backend without input starts nothing.
  void start_input(InputSink sink, QuitHandler on_quit);
  /// Stops and joins the input thread (also done by the destructor).
  void stop_input();
  /// True once input is over: end of file (a closed pipe), stop_input(), or no input at all.
  bool input_ended() const { return input_ended_; }

 private:
  ConsoleBackend(int input_fd, int output_fd, bool owns_output, bool escapes);
  void input_loop();
  bool deliver(std::span<const u8> bytes);
  void write_all(std::span<const u8> bytes);

  int input_fd_;
  int output_fd_;
  bool owns_output_;
  bool escapes_;
  int wake_[2] = {-1, -1};  ///< a pipe that wakes the input thread to stop
  std::unique_ptr<RawTerminal> raw_;
  EscapeDecoder decoder_;
  InputSink sink_;
  QuitHandler on_quit_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> input_ended_{false};
};

}  // namespace polyvm::board
