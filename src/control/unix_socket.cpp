// See unix_socket.h.
#include "control/unix_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace polyvm::control {
namespace {

Result<sockaddr_un> address_of(const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof(address.sun_path)) {
    return fail("control socket path '{}' must have 1 to {} characters", path,
                sizeof(address.sun_path) - 1);
  }
  std::memcpy(address.sun_path, path.data(), path.size());
  return address;
}

// SAFETY: sockaddr_un is a sockaddr by the sockets API's definition.
const sockaddr* as_sockaddr(const sockaddr_un& address) {
  return reinterpret_cast<const sockaddr*>(&address);
}

}  // namespace

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Result<Fd> listen_unix(const std::string& path) {
  auto address = address_of(path);
  if (!address) return std::unexpected(address.error());
  struct stat existing {};
  if (::lstat(path.c_str(), &existing) == 0 && S_ISSOCK(existing.st_mode)) ::unlink(path.c_str());
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return fail("cannot create a control socket: {}", std::strerror(errno));
  if (::bind(fd.get(), as_sockaddr(*address), sizeof(*address)) != 0) {
    return fail("cannot bind control socket {}: {}", path, std::strerror(errno));
  }
  if (::listen(fd.get(), 16) != 0) {
    return fail("cannot listen on control socket {}: {}", path, std::strerror(errno));
  }
  return fd;
}

Result<Fd> connect_unix(const std::string& path) {
  auto address = address_of(path);
  if (!address) return std::unexpected(address.error());
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) return fail("cannot create a socket: {}", std::strerror(errno));
  if (::connect(fd.get(), as_sockaddr(*address), sizeof(*address)) != 0) {
    return fail("cannot connect to control socket {}: {}", path, std::strerror(errno));
  }
  return fd;
}

}  // namespace polyvm::control
