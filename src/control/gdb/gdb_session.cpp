// See gdb_session.h. Section numbers are the GDB manual's appendix E; every malformed packet
// gets an error reply (E01) or the empty "unsupported" reply, never a crash.
#include "control/gdb/gdb_session.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "control/gdb/hex.h"

namespace polyvm::control::gdb {

namespace {

constexpr const char* kError = "E01";
constexpr const char* kBadAddress = "E14";  // EFAULT, as gdbserver answers

struct VContAction {
  ResumeKind kind;
  std::optional<ThreadId> thread;  // none: every thread without an earlier match
};

/// "vCont;s:1f;c" -> actions; nullopt when malformed (E.2 "vCont[;action[:thread-id]]...").
std::optional<std::vector<VContAction>> parse_vcont(std::string_view list) {
  std::vector<VContAction> actions;
  while (!list.empty()) {
    if (list.front() != ';') return std::nullopt;
    list.remove_prefix(1);
    const std::string_view item = list.substr(0, list.find(';'));
    list.remove_prefix(item.size());
    const auto [action, thread] = split_once(item, ':').value_or(std::pair{item, ""});
    VContAction parsed{};
    if (action == "c" || (action.size() == 3 && action[0] == 'C')) {
      parsed.kind = ResumeKind::kContinue;
    } else if (action == "s" || (action.size() == 3 && action[0] == 'S')) {
      parsed.kind = ResumeKind::kStep;
    } else if (action == "t") {
      parsed.kind = ResumeKind::kStay;
    } else {
      return std::nullopt;
    }
    if (!thread.empty()) {
      auto id = parse_thread_id(thread);
      if (!id) return std::nullopt;
      if (*id != -1) parsed.thread = *id;
    }
    actions.push_back(parsed);
  }
  if (actions.empty()) return std::nullopt;
  return actions;
}

}  // namespace

std::optional<std::string> GdbSession::handle(std::string_view packet) {
  if (packet.empty()) return "";
  switch (packet.front()) {
    case '?':
      if (last_stop_.thread == 0) last_stop_.thread = thread_for(0);
      return stop_reply(last_stop_);
    case 'q':
    case 'Q':
      return query(packet);
    case 'H':
      return set_thread(packet);
    case 'T': {
      auto id = parse_thread_id(packet.substr(1));
      const auto threads = target_.threads();
      return id && std::ranges::find(threads, *id) != threads.end() ? "OK" : kError;
    }
    case 'g':
    case 'G':
    case 'p':
    case 'P':
      return registers(packet);
    case 'm':
    case 'M':
    case 'X':
      return memory(packet);
    case 'Z':
    case 'z':
      return breakpoint(packet);
    case 'c':
    case 'C':
    case 's':
    case 'S':
      return resume(packet);
    case 'v':
      return v_packet(packet);
    case 'D':
      target_.detach();
      finished_ = true;
      return "OK";
    case 'k':
      target_.kill();
      finished_ = true;
      return std::nullopt;
    default:
      return "";  // E.2: "an empty response ... for an unsupported packet"
  }
}

void GdbSession::interrupt() {
  if (running_) target_.interrupt();
}

std::optional<std::string> GdbSession::target_stopped() {
  if (!running_) return std::nullopt;
  auto event = target_.take_stop();
  if (!event) return std::nullopt;
  running_ = false;
  last_stop_ = *event;
  return stop_reply(*event);
}

// E.3: T packets name the thread and why; W and X end the process.
std::string GdbSession::stop_reply(const StopEvent& event) {
  switch (event.kind) {
    case StopEvent::Kind::kExited:
      return fmt::format("W{:02x}", event.exit_status & 0xff);
    case StopEvent::Kind::kKilled:
      return fmt::format("X{:02x}", event.signal & 0xff);
    case StopEvent::Kind::kStopped:
      break;
  }
  std::string reply = fmt::format("T{:02x}thread:{:x};", event.signal & 0xff, event.thread);
  if (event.watch_addr) reply += fmt::format("watch:{:x};", *event.watch_addr);
  if (event.software_breakpoint) reply += "swbreak:;";
  return reply;
}

std::string GdbSession::query(std::string_view packet) {
  if (packet.starts_with("qSupported")) {
    return fmt::format(
        "PacketSize={:x};qXfer:features:read+;QStartNoAckMode+;swbreak+;vContSupported+",
        kPacketSize);
  }
  if (packet == "QStartNoAckMode") {  // E.4: acks stop after this packet's OK
    ack_mode_ = false;
    return "OK";
  }
  if (packet.starts_with("qXfer:features:read:")) {
    return xfer_features(packet.substr(std::string_view("qXfer:features:read:").size()));
  }
  if (packet == "qfThreadInfo") return thread_list();
  if (packet == "qsThreadInfo") return "l";
  if (packet == "qC") return fmt::format("QC{:x}", thread_for(c_thread_ > 0 ? c_thread_ : 0));
  if (packet.starts_with("qAttached")) return "1";  // as QEMU: gdb detaches when it quits
  if (packet.starts_with("qSymbol")) return "OK";
  return "";
}

std::string GdbSession::thread_list() {
  std::string reply = "m";
  for (ThreadId id : target_.threads()) {
    if (reply.size() > 1) reply += ',';
    reply += fmt::format("{:x}", id);
  }
  return reply.size() > 1 ? reply : "l";
}

// E.4 qXfer:object:read:annex:offset,length: 'm' and data when more follows, 'l' at the end.
std::string GdbSession::xfer_features(std::string_view annex_and_range) {
  auto parts = split_once(annex_and_range, ':');
  if (!parts) return kError;
  auto range = split_once(parts->second, ',');
  if (parts->first != "target.xml") return "E00";
  if (!range) return kError;
  auto offset = parse_hex(range->first);
  auto length = parse_hex(range->second);
  if (!offset || !length) return kError;
  const std::string xml = target_.target_xml();
  if (*offset >= xml.size()) return "l";
  const std::string_view chunk = std::string_view(xml).substr(*offset, *length);
  std::string reply(1, *offset + chunk.size() < xml.size() ? 'm' : 'l');
  reply.append(chunk);
  return reply;
}

std::string GdbSession::set_thread(std::string_view packet) {
  if (packet.size() < 3) return kError;
  auto id = parse_thread_id(packet.substr(2));
  if (!id) return kError;
  if (packet[1] == 'g') {
    g_thread_ = *id;
  } else if (packet[1] == 'c') {
    c_thread_ = *id;
  } else {
    return kError;
  }
  return "OK";
}

ThreadId GdbSession::thread_for(ThreadId selected) {
  const std::vector<ThreadId> threads = target_.threads();
  if (threads.empty()) return 1;
  for (ThreadId wanted : {selected, last_stop_.thread}) {
    if (wanted > 0 && std::ranges::find(threads, wanted) != threads.end()) return wanted;
  }
  return threads.front();
}

std::string GdbSession::registers(std::string_view packet) {
  const ThreadId thread = thread_for(g_thread_);
  const std::string_view args = packet.substr(1);
  if (packet.front() == 'g') {
    auto bytes = target_.read_registers(thread);
    return bytes ? to_hex(*bytes) : kError;
  }
  if (packet.front() == 'G') {
    auto bytes = parse_hex_bytes(args);
    return bytes && target_.write_registers(thread, *bytes) ? "OK" : kError;
  }
  if (packet.front() == 'p') {
    auto regno = parse_hex(args);
    if (!regno || *regno > 4096) return kError;
    auto bytes = target_.read_register(thread, static_cast<int>(*regno));
    return bytes ? to_hex(*bytes) : kError;
  }
  auto assignment = split_once(args, '=');
  if (!assignment) return kError;
  auto regno = parse_hex(assignment->first);
  auto bytes = parse_hex_bytes(assignment->second);
  if (!regno || *regno > 4096 || !bytes) return kError;
  return target_.write_register(thread, static_cast<int>(*regno), *bytes) ? "OK" : kError;
}

std::string GdbSession::memory(std::string_view packet) {
  const auto [range, data] =
      split_once(packet.substr(1), ':').value_or(std::pair{packet.substr(1), ""});
  auto parts = split_once(range, ',');
  if (!parts) return kError;
  auto addr = parse_hex(parts->first);
  auto length = parse_hex(parts->second);
  if (!addr || !length || *length > kPacketSize) return kError;
  if (packet.front() == 'm') {
    auto bytes = target_.read_memory(*addr, *length);
    return bytes && (!bytes->empty() || *length == 0) ? to_hex(*bytes) : kBadAddress;
  }
  std::vector<u8> bytes;
  if (packet.front() == 'M') {
    auto parsed = parse_hex_bytes(data);
    if (!parsed) return kError;
    bytes = std::move(*parsed);
  } else {  // X: binary, already unescaped by the packet layer
    bytes.assign(data.begin(), data.end());
  }
  if (bytes.size() != *length) return kError;
  if (bytes.empty()) return "OK";  // gdb probes X support with a zero-length write
  return target_.write_memory(*addr, bytes) ? "OK" : kBadAddress;
}

// E.2 "Z type,addr,kind": software breakpoints and write watchpoints; others are unsupported.
std::string GdbSession::breakpoint(std::string_view packet) {
  auto fields = split_once(packet.substr(1), ',');
  if (!fields) return kError;
  auto rest = split_once(fields->second, ',');
  if (!rest) return kError;
  auto type = parse_hex(fields->first);
  auto addr = parse_hex(rest->first);
  auto kind = parse_hex(rest->second.substr(0, rest->second.find(';')));
  if (!type || !addr || !kind) return kError;
  if (*type != static_cast<u64>(BreakpointType::kSoftware) &&
      *type != static_cast<u64>(BreakpointType::kWriteWatch)) {
    return "";
  }
  const auto bp = static_cast<BreakpointType>(*type);
  const bool insert = packet.front() == 'Z';
  auto done = insert ? target_.insert_breakpoint(bp, *addr, *kind)
                     : target_.remove_breakpoint(bp, *addr, *kind);
  return done ? "OK" : kError;
}

std::optional<std::string> GdbSession::resume(std::string_view packet) {
  const bool step = packet.front() == 's' || packet.front() == 'S';
  std::string_view args = packet.substr(1);
  if (packet.front() == 'C' || packet.front() == 'S') {  // signal[;addr]: the signal is not sent
    const size_t semicolon = args.find(';');
    args = semicolon == std::string_view::npos ? "" : args.substr(semicolon + 1);
  }
  const ThreadId current = thread_for(c_thread_ > 0 ? c_thread_ : 0);
  if (!args.empty()) {
    auto addr = parse_hex(args);
    if (!addr) return kError;
    if (!target_.set_pc(current, *addr)) return kError;
  }
  // All-stop: c runs every thread; s steps the current one while the others stay stopped.
  target_.resume([&](ThreadId thread) {
    if (!step) return ResumeKind::kContinue;
    return thread == current ? ResumeKind::kStep : ResumeKind::kStay;
  });
  running_ = true;
  return std::nullopt;
}

std::optional<std::string> GdbSession::v_packet(std::string_view packet) {
  if (packet == "vCont?") return "vCont;c;C;s;S;t";
  if (packet.starts_with("vCont")) {
    auto actions = parse_vcont(packet.substr(5));
    if (!actions) return kError;
    target_.resume([&](ThreadId thread) {
      for (const VContAction& action : *actions) {  // the leftmost match applies
        if (!action.thread || *action.thread == thread) return action.kind;
      }
      return ResumeKind::kStay;
    });
    running_ = true;
    return std::nullopt;
  }
  if (packet.starts_with("vKill")) {
    target_.kill();
    finished_ = true;
    return "OK";
  }
  return "";  // vMustReplyEmpty and everything else
}

}  // namespace polyvm::control::gdb
