// The GDB remote protocol's command layer (GDB manual, E.2 Packets, E.3 Stop Reply Packets,
// E.4 General Query Packets): one connection's state, turning packets into target calls and
// replies. No sockets here, so tests drive it with strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "control/gdb/debug_target.h"

namespace polyvm::control::gdb {

/// One gdb connection to a stopped target.
///
///   GdbSession session(target);
///   if (auto reply = session.handle(packet_data)) send(encode_packet(*reply));
///   ... when the target's stop listener fires and session.running():
///   if (auto reply = session.target_stopped()) send(encode_packet(*reply));
class GdbSession {
 public:
  /// The largest packet gdb may send us (qSupported's PacketSize).
  static constexpr size_t kPacketSize = 0x4000;

  explicit GdbSession(DebugTarget& target) : target_(target) {}

  /// The reply to one packet's data; nullopt when the reply comes later (c, s, vCont: at the
  /// next stop) or never (k).
  std::optional<std::string> handle(std::string_view packet);
  /// A 0x03 byte: asks a running target to stop (its stop reply follows).
  void interrupt();
  /// The stop reply once the target has stopped or ended; nullopt when nothing is pending.
  std::optional<std::string> target_stopped();

  [[nodiscard]] bool running() const { return running_; }
  [[nodiscard]] bool ack_mode() const { return ack_mode_; }
  /// gdb detached or killed: the connection closes after the reply.
  [[nodiscard]] bool finished() const { return finished_; }

 private:
  std::string query(std::string_view packet);
  std::string set_thread(std::string_view packet);
  std::string registers(std::string_view packet);
  std::string memory(std::string_view packet);
  std::string breakpoint(std::string_view packet);
  std::optional<std::string> resume(std::string_view packet);
  std::optional<std::string> v_packet(std::string_view packet);
  std::string thread_list();
  std::string xfer_features(std::string_view annex_and_range);
  std::string stop_reply(const StopEvent& event);
  ThreadId thread_for(ThreadId selected);

  DebugTarget& target_;
  bool ack_mode_ = true;
  bool running_ = false;
  bool finished_ = false;
  ThreadId g_thread_ = 0;  // Hg: registers; 0 = any
  ThreadId c_thread_ = 0;  // Hc: step and continue; 0 = any, -1 = all
  StopEvent last_stop_;    // for '?'
};

}  // namespace polyvm::control::gdb
