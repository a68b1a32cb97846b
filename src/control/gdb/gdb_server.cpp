// See gdb_server.h. Acks follow E.1 until QStartNoAckMode; a connection that drops without 'D'
// is treated as a detach, so the guest runs on (as QEMU does).
#include "control/gdb/gdb_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace polyvm::control::gdb {

namespace {

void signal_fd(int fd) {
  const u64 one = 1;
  [[maybe_unused]] const ssize_t written = ::write(fd, &one, sizeof(one));
}

void consume(int fd) {
  u64 count = 0;
  [[maybe_unused]] const ssize_t got = ::read(fd, &count, sizeof(count));
}

Result<std::pair<Fd, u16>> listen_tcp(u16 port) {
  Fd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (socket.get() < 0) return fail("cannot create a TCP socket: {}", std::strerror(errno));
  const int on = 1;
  ::setsockopt(socket.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // SAFETY: sockaddr_in is the sockaddr that AF_INET sockets take.
  if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(socket.get(), 1) != 0) {
    return fail("cannot listen for gdb on port {}: {}", port, std::strerror(errno));
  }
  socklen_t size = sizeof(address);
  // SAFETY: as above.
  ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&address), &size);
  return std::pair{std::move(socket), ntohs(address.sin_port)};
}

}  // namespace

Result<std::unique_ptr<GdbServer>> GdbServer::start(u16 port, DebugTarget& target) {
  auto listener = listen_tcp(port);
  if (!listener) return std::unexpected(listener.error());
  Fd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  Fd stop(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (wake.get() < 0 || stop.get() < 0)
    return fail("cannot create an eventfd: {}", std::strerror(errno));
  std::unique_ptr<GdbServer> server(new GdbServer(
      target, std::move(listener->first), std::move(wake), std::move(stop), listener->second));
  target.set_stop_listener([fd = server->stop_.get()] { signal_fd(fd); });
  return server;
}

GdbServer::GdbServer(DebugTarget& target, Fd listener, Fd wake, Fd stop, u16 port)
    : target_(target),
      listener_(std::move(listener)),
      wake_(std::move(wake)),
      stop_(std::move(stop)),
      port_(port),
      thread_([this] { run(); }) {}

GdbServer::~GdbServer() {
  target_.set_stop_listener(nullptr);
  stopping_ = true;
  signal_fd(wake_.get());
  thread_.join();
}

bool GdbServer::drain(std::chrono::milliseconds timeout) {
  if (std::this_thread::get_id() == thread_.get_id()) return true;
  const u64 wanted = drain_requested_.fetch_add(1) + 1;
  signal_fd(wake_.get());
  std::unique_lock lock(drain_mutex_);
  return drain_cv_.wait_for(lock, timeout, [&] { return drain_done_ >= wanted; });
}

void GdbServer::finish_drain(u64 wanted) {
  std::scoped_lock lock(drain_mutex_);
  if (drain_done_ >= wanted) return;
  drain_done_ = wanted;
  drain_cv_.notify_all();
}

void GdbServer::run() {
  while (!stopping_) {
    std::array<pollfd, 2> fds = {{{listener_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}}};
    const u64 wanted = drain_requested_.load();
    finish_drain(wanted);  // nobody to tell
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return;
    if (fds[1].revents & POLLIN) consume(wake_.get());
    if (!(fds[0].revents & POLLIN)) continue;
    Fd connection(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (connection.get() < 0) continue;
    const int on = 1;
    ::setsockopt(connection.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    serve(connection);
  }
}

void GdbServer::serve(const Fd& connection) {
  GdbSession session(target_);
  PacketReader reader;
  last_packet_.clear();
  while (!stopping_) {
    std::array<pollfd, 3> fds = {
        {{connection.get(), POLLIN, 0}, {stop_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}}};
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    const u64 wanted = drain_requested_.load();
    if (fds[2].revents & POLLIN) consume(wake_.get());
    if (fds[1].revents & POLLIN) consume(stop_.get());
    // Always asked: a stop made pending before a drain request may not have woken this poll.
    if (auto reply = session.target_stopped(); reply && !send_packet(connection, *reply)) break;
    finish_drain(wanted);
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
        !read_from(connection, session, reader)) {
      break;
    }
    if (session.finished()) return;
  }
  if (!session.finished()) target_.detach();  // gdb went away: the guest runs on
}

bool GdbServer::read_from(const Fd& connection, GdbSession& session, PacketReader& reader) {
  std::array<char, 4096> buffer;
  const ssize_t got = ::recv(connection.get(), buffer.data(), buffer.size(), 0);
  if (got <= 0) return false;
  reader.feed({buffer.data(), static_cast<size_t>(got)});
  while (auto item = reader.next()) {
    switch (item->kind) {
      case Incoming::Kind::kPacket: {
        if (session.ack_mode() && !send_raw(connection, "+")) return false;
        auto reply = session.handle(item->data);
        if (reply && !send_packet(connection, *reply)) return false;
        if (session.finished()) return true;
        break;
      }
      case Incoming::Kind::kBadPacket:
        if (session.ack_mode() && !send_raw(connection, "-")) return false;
        break;
      case Incoming::Kind::kNak:
        if (!last_packet_.empty() && !send_raw(connection, last_packet_)) return false;
        break;
      case Incoming::Kind::kAck:
        break;
      case Incoming::Kind::kInterrupt:
        session.interrupt();
        break;
    }
  }
  return true;
}

bool GdbServer::send_packet(const Fd& connection, std::string_view payload) {
  last_packet_ = encode_packet(payload);
  return send_raw(connection, last_packet_);
}

bool GdbServer::send_raw(const Fd& connection, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(connection.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return true;
}

}  // namespace polyvm::control::gdb
