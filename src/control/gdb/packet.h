// The GDB remote serial protocol's framing (GDB manual, E.1 Overview): $data#checksum packets,
// +/- acks, the 0x03 interrupt byte, escapes and run-length encoding, independent of any target.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/types.h"

namespace polyvm::control::gdb {

/// The modulo-256 sum of the characters between '$' and '#'.
[[nodiscard]] u8 checksum(std::string_view data);

/// `$data#xx`, with '#', '$', '}' and '*' escaped as '}' then the byte xor 0x20 (E.1: "Binary
/// data"); runs of 4+ equal characters become run-length encoded when `run_length` is set.
[[nodiscard]] std::string encode_packet(std::string_view payload, bool run_length = true);

/// Expands "c*n" runs (E.1: the count character is n + 29 repeats of c beyond the first).
/// nullopt for a malformed run ('*' first, or a count that is not printable).
[[nodiscard]] std::optional<std::string> decode_run_length(std::string_view data);

/// Undoes '}' escapes; nullopt when a '}' ends the data.
[[nodiscard]] std::optional<std::string> unescape(std::string_view data);

/// What the byte stream from gdb carried.
struct Incoming {
  enum class Kind : u8 {
    kPacket,     ///< a packet with a good checksum; `data` unescaped
    kBadPacket,  ///< a packet with a bad checksum or escape; answer '-'
    kAck,        ///< '+'
    kNak,        ///< '-': resend the last packet
    kInterrupt,  ///< 0x03 (Ctrl-C) outside a packet
  } kind;
  std::string data;
};

/// Splits the byte stream into Incoming items; never fails on any input, bounded memory.
///
///   PacketReader reader;
///   reader.feed(bytes);
///   while (auto item = reader.next()) handle(*item);
class PacketReader {
 public:
  /// Longest packet accepted (what qSupported's PacketSize promises); longer ones are dropped
  /// as bad packets.
  static constexpr size_t kMaxPacket = 64 * 1024;

  void feed(std::string_view bytes);
  std::optional<Incoming> next();

 private:
  std::string buffer_;
};

}  // namespace polyvm::control::gdb
