// The gdbstub's transport (`polyvm run -g PORT`): a TCP listener on the loopback interface and a
// host thread that serves one gdb connection at a time over a GdbSession.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "control/gdb/debug_target.h"
#include "control/gdb/gdb_session.h"
#include "control/gdb/packet.h"
#include "control/unix_socket.h"
#include "core/error.h"
#include "core/types.h"

namespace polyvm::control::gdb {

/// Serves `target` to gdb until destroyed.
///
///   auto server = GdbServer::start(1234, target);   // 0: any free port
///   fmt::print(stderr, "waiting for gdb on port {}\n", (*server)->port());
class GdbServer {
 public:
  static Result<std::unique_ptr<GdbServer>> start(u16 port, DebugTarget& target);
  GdbServer(const GdbServer&) = delete;
  GdbServer& operator=(const GdbServer&) = delete;
  ~GdbServer();

  [[nodiscard]] u16 port() const { return port_; }

  /// Waits until a stop made pending before the call (the process's exit: W or X) has been sent
  /// to gdb, or no gdb is connected; at most `timeout`. False on timeout.
  bool drain(std::chrono::milliseconds timeout);

 private:
  GdbServer(DebugTarget& target, Fd listener, Fd wake, Fd stop, u16 port);
  void run();
  void serve(const Fd& connection);
  /// False when the connection is gone.
  bool read_from(const Fd& connection, GdbSession& session, PacketReader& reader);
  bool send_packet(const Fd& connection, std::string_view payload);
  bool send_raw(const Fd& connection, std::string_view bytes);
  void finish_drain(u64 wanted);

  DebugTarget& target_;
  Fd listener_;
  Fd wake_;  // eventfd: the destructor and drain()
  Fd stop_;  // eventfd: the target's stop listener
  u16 port_;
  std::string last_packet_;  // for '-' (resend)
  std::atomic<bool> stopping_ = false;
  std::atomic<u64> drain_requested_ = 0;
  std::mutex drain_mutex_;
  std::condition_variable drain_cv_;
  u64 drain_done_ = 0;  // guarded by drain_mutex_
  std::jthread thread_;
};

}  // namespace polyvm::control::gdb
