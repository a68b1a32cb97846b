// See packet.h. Quotes are from the GDB manual, appendix E "GDB Remote Serial Protocol".
#include "control/gdb/packet.h"

#include <algorithm>

#include <fmt/format.h>

namespace polyvm::control::gdb {

namespace {

constexpr char kEscape = '}';
constexpr u8 kEscapeXor = 0x20;
constexpr int kRunBase = 29;  // E.1: "the repeat count ... is the character minus 29"
constexpr int kMaxRun = 126 - kRunBase;

bool needs_escape(char c) {
  return c == '#' || c == '$' || c == kEscape || c == '*';
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// How many repeats one "*n" may encode: the count character must be printable and never '#'
/// (n = 6) or '$' (n = 7), which would end or start a packet (E.1 "Run-length encoding"), nor
/// '}' (n = 96), which readers would take for an escape.
int usable_repeats(size_t wanted) {
  int n = static_cast<int>(std::min<size_t>(wanted, kMaxRun));
  if (n == '#' - kRunBase || n == '$' - kRunBase) n = '"' - kRunBase;
  if (n == kEscape - kRunBase) --n;
  return n;
}

std::string run_length_encode(std::string_view escaped) {
  std::string out;
  for (size_t i = 0; i < escaped.size();) {
    const char c = escaped[i];
    size_t run = 1;
    while (i + run < escaped.size() && escaped[i + run] == c) ++run;
    // Only plain characters: the second character of an escape is half of one byte.
    const bool plain = c != kEscape && (i == 0 || escaped[i - 1] != kEscape);
    out += c;
    size_t left = run - 1;
    while (plain && left >= 3) {  // "c*n" is shorter than c repeated from 3 repeats on
      const int n = usable_repeats(left);
      out += '*';
      out += static_cast<char>(n + kRunBase);
      left -= static_cast<size_t>(n);
      if (left > 0) {
        out += c;
        --left;
      }
    }
    out.append(left, c);
    i += run;
  }
  return out;
}

}  // namespace

u8 checksum(std::string_view data) {
  u8 sum = 0;
  for (char c : data) sum = static_cast<u8>(sum + static_cast<u8>(c));
  return sum;
}

std::string encode_packet(std::string_view payload, bool run_length) {
  std::string escaped;
  escaped.reserve(payload.size());
  for (char c : payload) {
    if (needs_escape(c)) {
      escaped += kEscape;
      escaped += static_cast<char>(c ^ kEscapeXor);
    } else {
      escaped += c;
    }
  }
  std::string body = run_length ? run_length_encode(escaped) : escaped;
  return fmt::format("${}#{:02x}", body, checksum(body));
}

std::optional<std::string> decode_run_length(std::string_view data) {
  std::string out;
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '*') {
      out += data[i];
      continue;
    }
    if (out.empty() || i + 1 >= data.size()) return std::nullopt;
    const int count = static_cast<u8>(data[++i]) - kRunBase;
    if (count < 3 || count > kMaxRun) return std::nullopt;
    out.append(static_cast<size_t>(count), out.back());
  }
  return out;
}

std::optional<std::string> unescape(std::string_view data) {
  std::string out;
  out.reserve(data.size());
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != kEscape) {
      out += data[i];
      continue;
    }
    if (i + 1 >= data.size()) return std::nullopt;
    out += static_cast<char>(data[++i] ^ kEscapeXor);
  }
  return out;
}

void PacketReader::feed(std::string_view bytes) {
  buffer_.append(bytes);
}

std::optional<Incoming> PacketReader::next() {
  while (!buffer_.empty()) {
    const char first = buffer_.front();
    if (first == '+' || first == '-' || first == '\x03') {
      buffer_.erase(0, 1);
      if (first == '+') return Incoming{Incoming::Kind::kAck, {}};
      if (first == '-') return Incoming{Incoming::Kind::kNak, {}};
      return Incoming{Incoming::Kind::kInterrupt, {}};
    }
    if (first != '$') {  // noise between packets is skipped, as gdbserver does
      buffer_.erase(0, 1);
      continue;
    }
    const size_t hash = buffer_.find('#');
    if (hash == std::string::npos) {
      if (buffer_.size() > kMaxPacket) {
        buffer_.clear();
        return Incoming{Incoming::Kind::kBadPacket, {}};
      }
      return std::nullopt;  // wait for the rest
    }
    if (buffer_.size() < hash + 3) return std::nullopt;
    const std::string_view body = std::string_view(buffer_).substr(1, hash - 1);
    const int high = hex_digit(buffer_[hash + 1]);
    const int low = hex_digit(buffer_[hash + 2]);
    const bool good =
        high >= 0 && low >= 0 && checksum(body) == high * 16 + low && body.size() <= kMaxPacket;
    std::optional<std::string> data = good ? unescape(body) : std::nullopt;
    buffer_.erase(0, hash + 3);
    if (!data) return Incoming{Incoming::Kind::kBadPacket, {}};
    return Incoming{Incoming::Kind::kPacket, std::move(*data)};
  }
  return std::nullopt;
}

}  // namespace polyvm::control::gdb
