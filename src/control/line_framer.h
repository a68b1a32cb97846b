// Splits a byte stream into messages, one JSON value per line as QMP clients send them, with an
// upper bound on a message's size.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace polyvm::control {

/// Collects bytes from partial reads; a read may end mid-message or hold several messages.
class LineFramer {
 public:
  explicit LineFramer(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

  /// Adds bytes; false once a message (complete or not) exceeds the bound. The framer then
  /// takes no more bytes and the connection should be dropped.
  bool feed(std::string_view bytes);

  /// The next complete message without its line end ("\n" or "\r\n"); blank lines are skipped.
  [[nodiscard]] std::optional<std::string> next();

  [[nodiscard]] bool oversized() const { return oversized_; }
  /// Bytes of a message begun but not yet ended.
  [[nodiscard]] size_t partial_bytes() const { return partial_.size(); }

 private:
  size_t max_message_bytes_;
  std::string partial_;
  std::deque<std::string> complete_;
  bool oversized_ = false;
};

}  // namespace polyvm::control
