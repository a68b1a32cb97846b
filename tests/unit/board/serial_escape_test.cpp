// The Ctrl-A escapes as QEMU's mux reads them (chardev/char-mux.c, mux_proc_byte).
#include "board/serial_escape.h"

#include <gtest/gtest.h>

#include <string>

namespace polyvm::board {
namespace {

constexpr u8 kCtrlA = 0x01;

// Feeds `typed` and returns what the guest receives.
std::string guest_sees(EscapeDecoder& decoder, const std::string& typed) {
  std::string out;
  for (char c : typed) {
    if (auto r = decoder.feed(static_cast<u8>(c)); r.to_guest)
      out += static_cast<char>(*r.to_guest);
  }
  return out;
}

TEST(SerialEscape, OrdinaryBytesPassThroughIncludingCtrlC) {
  EscapeDecoder decoder;
  EXPECT_EQ(guest_sees(decoder, "ls -l\r\x03\x1a"), "ls -l\r\x03\x1a");
}

TEST(SerialEscape, CtrlAXQuitsAndSendsNothing) {
  EscapeDecoder decoder;
  EXPECT_FALSE(decoder.feed(kCtrlA).to_guest);
  EXPECT_TRUE(decoder.pending());
  const auto r = decoder.feed('x');
  EXPECT_EQ(r.command, EscapeCommand::kQuit);
  EXPECT_FALSE(r.to_guest);
  EXPECT_FALSE(decoder.pending());
  decoder.feed(kCtrlA);
  EXPECT_EQ(decoder.feed('X').command, EscapeCommand::kQuit);
}

TEST(SerialEscape, CtrlACtrlASendsOneCtrlA) {
  EscapeDecoder decoder;
  EXPECT_EQ(guest_sees(decoder, "\x01\x01"), "\x01");
  EXPECT_EQ(guest_sees(decoder, "\x01\x01\x01\x01"), "\x01\x01");
}

TEST(SerialEscape, CtrlACIsReservedAndSwallowed) {
  EscapeDecoder decoder;
  decoder.feed(kCtrlA);
  const auto r = decoder.feed('c');
  EXPECT_EQ(r.command, EscapeCommand::kMonitor);
  EXPECT_FALSE(r.to_guest);
}

TEST(SerialEscape, CtrlAHAsksForHelp) {
  EscapeDecoder decoder;
  decoder.feed(kCtrlA);
  EXPECT_EQ(decoder.feed('h').command, EscapeCommand::kHelp);
  EXPECT_NE(kEscapeHelp.find("C-a x"), std::string_view::npos);
}

TEST(SerialEscape, UnknownCommandsAreDroppedAndTheNextByteIsNormal) {
  EscapeDecoder decoder;
  EXPECT_EQ(guest_sees(decoder, "a\x01qb"), "ab");
  EXPECT_FALSE(decoder.pending());
}

}  // namespace
}  // namespace polyvm::board
