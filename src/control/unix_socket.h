// Unix stream sockets for the control server and `polyvm ctl`: host failures as Result.
#pragma once

#include <string>
#include <utility>

#include "core/error.h"

namespace polyvm::control {

/// An owned file descriptor, closed on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_ = -1;
};

/// A non-blocking listening socket at `path`; a stale socket file there is replaced.
Result<Fd> listen_unix(const std::string& path);

/// A blocking connection to the socket at `path`.
Result<Fd> connect_unix(const std::string& path);

}  // namespace polyvm::control
