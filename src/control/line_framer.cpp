// See line_framer.h.
#include "control/line_framer.h"

namespace polyvm::control {

bool LineFramer::feed(std::string_view bytes) {
  while (!oversized_ && !bytes.empty()) {
    const size_t end = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, end);
    if (partial_.size() + piece.size() > max_message_bytes_) {
      oversized_ = true;
      partial_.clear();
      break;
    }
    partial_.append(piece);
    if (end == std::string_view::npos) break;
    if (partial_.ends_with('\r')) partial_.pop_back();
    if (partial_.find_first_not_of(" \t\r") != std::string::npos) {
      complete_.push_back(std::move(partial_));
    }
    partial_.clear();
    bytes.remove_prefix(end + 1);
  }
  return !oversized_;
}

std::optional<std::string> LineFramer::next() {
  if (complete_.empty()) return std::nullopt;
  std::string message = std::move(complete_.front());
  complete_.pop_front();
  return message;
}

}  // namespace polyvm::control
