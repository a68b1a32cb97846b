// The serial backends: an input thread that waits in poll() on the input and a wake pipe (so
// stopping it and EOF cost no spinning), Ctrl-A escapes for terminals, unbuffered output.
#include "board/console_backend.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

namespace polyvm::board {

namespace {
// While the UART's receive FIFO is full, retry this often. The UART has no "room again" signal,
// and a 16-byte FIFO drained every millisecond still takes 16 KB/s of pasted text.
constexpr int kFullRetryMs = 1;
}  // namespace

Result<SerialOption> parse_serial_option(std::string_view text) {
  // mon:stdio is what most QEMU command lines say; its Ctrl-A C monitor is reserved here.
  if (text == "stdio" || text == "mon:stdio") return SerialOption{SerialOption::Kind::kStdio, {}};
  if (text == "null" || text == "none") return SerialOption{SerialOption::Kind::kNull, {}};
  if (text.starts_with("file:") && text.size() > 5) {
    return SerialOption{SerialOption::Kind::kFile, std::string(text.substr(5))};
  }
  return fail("-serial {}: expected stdio, file:PATH or null", text);
}

Result<std::unique_ptr<ConsoleBackend>> ConsoleBackend::open(const SerialOption& option) {
  switch (option.kind) {
    case SerialOption::Kind::kStdio: {
      const bool terminal = ::isatty(STDIN_FILENO);
      auto backend = over_fds(STDIN_FILENO, STDOUT_FILENO, terminal);
      if (!backend || !terminal) return backend;
      auto raw = RawTerminal::enter(STDIN_FILENO);
      if (!raw) return std::unexpected(raw.error());
      (*backend)->raw_ = std::move(*raw);
      return backend;
    }
    case SerialOption::Kind::kFile: {
      const int fd = ::open(option.path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd < 0) return fail("-serial file:{}: {}", option.path, std::strerror(errno));
      return std::unique_ptr<ConsoleBackend>(new ConsoleBackend(-1, fd, true, false));
    }
    case SerialOption::Kind::kNull:
      return std::unique_ptr<ConsoleBackend>(new ConsoleBackend(-1, -1, false, false));
  }
  return fail("-serial: unknown kind");
}

Result<std::unique_ptr<ConsoleBackend>> ConsoleBackend::over_fds(int input_fd, int output_fd,
                                                                 bool escapes) {
  return std::unique_ptr<ConsoleBackend>(new ConsoleBackend(input_fd, output_fd, false, escapes));
}

ConsoleBackend::ConsoleBackend(int input_fd, int output_fd, bool owns_output, bool escapes)
    : input_fd_(input_fd), output_fd_(output_fd), owns_output_(owns_output), escapes_(escapes) {
  input_ended_ = input_fd_ < 0;
}

ConsoleBackend::~ConsoleBackend() {
  stop_input();
  if (owns_output_) ::close(output_fd_);
}

void ConsoleBackend::put(u8 byte) {
  write_all(std::span(&byte, 1));
}

void ConsoleBackend::write_all(std::span<const u8> bytes) {
  while (output_fd_ >= 0 && !bytes.empty()) {
    const ssize_t n = ::write(output_fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      pollfd out{output_fd_, POLLOUT, 0};
      ::poll(&out, 1, -1);
      continue;
    }
    if (n <= 0) return;  // the reader went away; the guest's output has nowhere to go
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

void ConsoleBackend::start_input(InputSink sink, QuitHandler on_quit) {
  if (input_fd_ < 0 || thread_.joinable()) return;
  if (::pipe2(wake_, O_CLOEXEC) != 0) return;
  sink_ = std::move(sink);
  on_quit_ = std::move(on_quit);
  stopping_ = false;
  thread_ = std::thread([this] { input_loop(); });
}

void ConsoleBackend::stop_input() {
  if (thread_.joinable()) {
    stopping_ = true;
    const u8 wake = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_[1], &wake, 1);
    thread_.join();
  }
  for (int& fd : wake_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

// Hands bytes to the sink, waiting while it is full; false when asked to stop meanwhile.
bool ConsoleBackend::deliver(std::span<const u8> bytes) {
  while (!bytes.empty()) {
    bytes = bytes.subspan(sink_(bytes));
    if (bytes.empty()) break;
    pollfd wake{wake_[0], POLLIN, 0};
    if (::poll(&wake, 1, kFullRetryMs) > 0 || stopping_) return false;
  }
  return !stopping_;
}

void ConsoleBackend::input_loop() {
  std::array<u8, 256> buffer{};
  std::vector<u8> to_guest;
  while (!stopping_) {
    std::array<pollfd, 2> fds{{{input_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) break;
    const ssize_t n = ::read(input_fd_, buffer.data(), buffer.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;  // EOF (a closed pipe) or a broken input: read no more, never spin
    to_guest.clear();
    for (ssize_t i = 0; i < n; ++i) {
      if (!escapes_) {
        to_guest.push_back(buffer[i]);
        continue;
      }
      const EscapeResult result = decoder_.feed(buffer[i]);
      if (result.to_guest) to_guest.push_back(*result.to_guest);
      if (result.command == EscapeCommand::kHelp) {
        write_all(std::span(reinterpret_cast<const u8*>(kEscapeHelp.data()), kEscapeHelp.size()));
      } else if (result.command == EscapeCommand::kQuit && on_quit_) {
        on_quit_();
      }
    }
    if (!deliver(to_guest)) break;
  }
  input_ended_ = true;
}

}  // namespace polyvm::board
