// The control socket's poll loop; see control_server.h.
#include "control/control_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/types.h"

namespace polyvm::control {
namespace {

constexpr size_t kReadChunk = 16 * 1024;

void wake_up(int fd) {
  const u64 one = 1;
  [[maybe_unused]] const ssize_t written = ::write(fd, &one, sizeof(one));
}

void consume_wakeups(int fd) {
  u64 count = 0;
  [[maybe_unused]] const ssize_t got = ::read(fd, &count, sizeof(count));
}

bool would_block() {
  return errno == EAGAIN || errno == EWOULDBLOCK;
}

}  // namespace

Result<std::unique_ptr<ControlServer>> ControlServer::start(const std::string& socket_path,
                                                            ControlTarget& target,
                                                            ServerLimits limits) {
  auto listener = listen_unix(socket_path);
  if (!listener) return std::unexpected(listener.error());
  Fd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (wake.get() < 0) return fail("cannot create an eventfd: {}", std::strerror(errno));
  return std::unique_ptr<ControlServer>(
      new ControlServer(socket_path, target, limits, std::move(*listener), std::move(wake)));
}

ControlServer::ControlServer(std::string socket_path, ControlTarget& target, ServerLimits limits,
                             Fd listener, Fd wake)
    : socket_path_(std::move(socket_path)),
      target_(target),
      limits_(limits),
      listener_(std::move(listener)),
      wake_(std::move(wake)),
      thread_([this] { run(); }) {}

ControlServer::~ControlServer() {
  stopping_ = true;
  wake_up(wake_.get());
  thread_.join();
  ::unlink(socket_path_.c_str());
}

void ControlServer::emit(std::string_view event, const nlohmann::json& data) {
  {
    std::scoped_lock lock(events_mutex_);
    events_.push_back(event_message(event, data, std::chrono::system_clock::now()));
  }
  wake_up(wake_.get());
}

void ControlServer::run() {
  std::vector<pollfd> fds;
  while (!stopping_) {
    fds.assign({{listener_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}});
    for (const Client& client : clients_) {
      const short want =
          static_cast<short>((client.closing ? 0 : POLLIN) | (client.output.empty() ? 0 : POLLOUT));
      fds.push_back({client.fd.get(), want, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
    if ((fds[1].revents & POLLIN) != 0) consume_wakeups(wake_.get());
    const u64 drain_wanted = drain_requested_.load();
    deliver_events();
    size_t index = 2;
    for (Client& client : clients_) {
      const short events = fds[index++].revents;
      if ((events & POLLIN) != 0) read_from(client);
      if ((events & (POLLERR | POLLNVAL)) != 0 || ((events & POLLHUP) != 0 && client.closing)) {
        client.dead = true;
      }
      if (!client.output.empty()) flush(client);
      if (client.closing && client.output.empty()) client.dead = true;
    }
    std::erase_if(clients_, [](const Client& client) { return client.dead; });
    finish_drain(drain_wanted);
    if ((fds[0].revents & POLLIN) != 0) accept_clients();
    client_count_ = clients_.size();
  }
}

void ControlServer::accept_clients() {
  for (;;) {
    Fd socket(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (socket.get() < 0) return;  // EAGAIN, or a client gone before we accepted it
    if (clients_.size() >= limits_.max_clients) continue;  // closed by Fd's destructor
    Client& client = clients_.emplace_back(std::move(socket), target_, limits_.max_message_bytes);
    send(client, greeting_message());
    flush(client);
  }
}

void ControlServer::read_from(Client& client) {
  std::array<char, kReadChunk> buffer;
  const ssize_t got = ::recv(client.fd.get(), buffer.data(), buffer.size(), 0);
  if (got < 0 && would_block()) return;
  if (got <= 0) {  // EOF or error: a partial message dies with the connection
    client.dead = true;
    return;
  }
  const bool fits = client.framer.feed({buffer.data(), static_cast<size_t>(got)});
  while (auto message = client.framer.next()) send(client, client.session.handle(*message));
  if (!fits) {
    send(client, error_message({ErrorClass::kGenericError,
                                fmt::format("message longer than {} bytes; closing the connection",
                                            limits_.max_message_bytes)}));
    client.closing = true;
  }
}

void ControlServer::send(Client& client, std::string_view line) {
  if (client.output.size() + line.size() + 2 > limits_.max_pending_output) {
    client.dead = true;  // it stopped reading; dropping it protects everyone else
    return;
  }
  client.output.append(line);
  client.output.append("\r\n");  // qmp-spec, "General Definitions": CRLF after each object
}

void ControlServer::flush(Client& client) {
  while (!client.output.empty() && !client.dead) {
    const ssize_t sent =
        ::send(client.fd.get(), client.output.data(), client.output.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (!would_block()) client.dead = true;
      return;
    }
    client.output.erase(0, static_cast<size_t>(sent));
  }
}

bool ControlServer::drain(std::chrono::milliseconds timeout) {
  const u64 wanted = drain_requested_.fetch_add(1) + 1;
  wake_up(wake_.get());
  std::unique_lock lock(drain_mutex_);
  return drain_cv_.wait_for(lock, timeout, [&] { return drain_done_ >= wanted; });
}

// Everything queued before drain_requested_ reached `wanted` was delivered this round; done
// once it left every client's buffer.
void ControlServer::finish_drain(u64 wanted) {
  if (wanted == 0) return;
  for (const Client& client : clients_) {
    if (!client.output.empty()) return;
  }
  std::scoped_lock lock(drain_mutex_);
  if (drain_done_ >= wanted) return;
  drain_done_ = wanted;
  drain_cv_.notify_all();
}

void ControlServer::deliver_events() {
  std::vector<std::string> events;
  {
    std::scoped_lock lock(events_mutex_);
    events.swap(events_);
  }
  for (const std::string& event : events) {
    for (Client& client : clients_) {
      if (client.session.negotiated() && !client.closing) send(client, event);
    }
  }
}

}  // namespace polyvm::control
