// The Ctrl-A escapes of the console, as QEMU's mux (chardev/char-mux.c): how a user quits the
// emulator from a terminal in raw mode, where Ctrl-C belongs to the guest.
#pragma once

#include <optional>
#include <string_view>

#include "core/types.h"

namespace polyvm::board {

/// What an escape sequence asks of the emulator.
enum class EscapeCommand {
  kNone,
  kQuit,     ///< Ctrl-A X
  kHelp,     ///< Ctrl-A H: print kEscapeHelp
  kMonitor,  ///< Ctrl-A C: reserved for a monitor; ignored for now
};

/// One typed byte's effect: at most one byte for the guest, and maybe a command.
struct EscapeResult {
  std::optional<u8> to_guest;
  EscapeCommand command = EscapeCommand::kNone;
};

/// The help text Ctrl-A H prints (lines end in \r\n: the terminal is in raw mode).
inline constexpr std::string_view kEscapeHelp =
    "\r\nC-a h    print this help\r\nC-a x    exit emulator\r\n"
    "C-a c    (reserved for a monitor)\r\nC-a C-a  sends C-a\r\n";

/// A two-state machine over typed bytes: Ctrl-A starts an escape; the next byte is the command
/// (x, h, c in either case), or Ctrl-A again to send one Ctrl-A. Unknown commands are dropped,
/// as in QEMU.
///
///   EscapeDecoder decoder;
///   for (u8 byte : typed) { auto r = decoder.feed(byte); if (r.to_guest) uart.push(*r.to_guest); }
class EscapeDecoder {
 public:
  static constexpr u8 kEscape = 0x01;  ///< Ctrl-A

  /// The effect of the next typed byte.
  EscapeResult feed(u8 byte);
  /// True after a Ctrl-A that still waits for its command byte.
  bool pending() const { return escaped_; }

 private:
  bool escaped_ = false;
};

}  // namespace polyvm::board
