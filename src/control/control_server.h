// The control socket (`--control unix:PATH`): a poll loop on its own host thread serving
// several QMP-like clients at once and broadcasting asynchronous events to them.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/control_target.h"
#include "control/line_framer.h"
#include "control/session.h"
#include "control/unix_socket.h"
#include "core/error.h"
#include "core/types.h"

namespace polyvm::control {

/// Bounds that keep one client from hurting the VM or the other clients.
struct ServerLimits {
  size_t max_message_bytes = 64 * 1024;  ///< a longer message: error reply, disconnect
  size_t max_pending_output = 4 << 20;   ///< a client that stops reading is dropped
  size_t max_clients = 16;               ///< further connections are closed at once
};

/// Serves `target` on a Unix socket until destroyed.
///
///   auto server = ControlServer::start("/tmp/vm.sock", target);
///   if (!server) return std::unexpected(server.error());
///   lifecycle.add_listener([&](const TransitionEvent& e) { (*server)->emit(...); });
class ControlServer {
 public:
  static Result<std::unique_ptr<ControlServer>> start(const std::string& socket_path,
                                                      ControlTarget& target,
                                                      ServerLimits limits = {});
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;
  /// Stops the thread, closes every client and removes the socket file.
  ~ControlServer();

  /// Queues an event for every negotiated client; callable from any thread.
  void emit(std::string_view event, const nlohmann::json& data = nullptr);

  /// Waits until everything emitted or answered before the call has been written to the
  /// clients (or they are gone), at most `timeout`; false on timeout. Not on the server's thread.
  /// For the last words before the process ends (SHUTDOWN, the reply to quit).
  bool drain(std::chrono::milliseconds timeout);

  /// Connected clients, for tests and diagnostics.
  [[nodiscard]] size_t client_count() const { return client_count_.load(); }

 private:
  struct Client {
    Client(Fd socket, ControlTarget& target, size_t max_message_bytes)
        : fd(std::move(socket)), framer(max_message_bytes), session(target) {}
    Fd fd;
    LineFramer framer;
    Session session;
    std::string output;
    bool closing = false;  // no more input; close once `output` is written
    bool dead = false;     // close now
  };

  ControlServer(std::string socket_path, ControlTarget& target, ServerLimits limits, Fd listener,
                Fd wake);
  void run();
  void accept_clients();
  void read_from(Client& client);
  void send(Client& client, std::string_view line);
  void flush(Client& client);
  void deliver_events();
  void finish_drain(u64 wanted);

  std::string socket_path_;
  ControlTarget& target_;
  ServerLimits limits_;
  Fd listener_;
  Fd wake_;  // eventfd: emit() and the destructor interrupt poll()
  std::atomic<bool> stopping_ = false;
  std::atomic<size_t> client_count_ = 0;
  std::mutex events_mutex_;
  std::vector<std::string> events_;
  std::list<Client> clients_;  // the server thread's alone
  std::atomic<u64> drain_requested_ = 0;
  std::mutex drain_mutex_;
  std::condition_variable drain_cv_;
  u64 drain_done_ = 0;  // guarded by drain_mutex_
  std::jthread thread_;
};

}  // namespace polyvm::control
