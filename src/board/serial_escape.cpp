// Ctrl-A decoding with QEMU's meanings (mux_proc_byte): x quits, h helps, Ctrl-A sends itself.
#include "board/serial_escape.h"

#include <cctype>

namespace polyvm::board {

EscapeResult EscapeDecoder::feed(u8 byte) {
  if (!escaped_) {
    if (byte == kEscape) {
      escaped_ = true;
      return {};
    }
    return {.to_guest = byte};
  }
  escaped_ = false;
  if (byte == kEscape) return {.to_guest = kEscape};
  switch (std::tolower(byte)) {
    case 'x':
      return {.command = EscapeCommand::kQuit};
    case 'h':
    case '?':
      return {.command = EscapeCommand::kHelp};
    case 'c':
      return {.command = EscapeCommand::kMonitor};
    default:
      return {};
  }
}

}  // namespace polyvm::board
