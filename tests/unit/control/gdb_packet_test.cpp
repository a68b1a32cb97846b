// The GDB remote protocol's framing: checksums, escapes, run-length encoding, acks and the
// interrupt byte, and arbitrary bytes that must never crash the reader.
#include "control/gdb/packet.h"

#include <gtest/gtest.h>

#include <random>

#include <fmt/format.h>

#include "control/gdb/hex.h"

namespace polyvm::control::gdb {
namespace {

std::vector<Incoming> read_all(std::string_view bytes) {
  PacketReader reader;
  reader.feed(bytes);
  std::vector<Incoming> items;
  while (auto item = reader.next()) items.push_back(*item);
  return items;
}

TEST(GdbPacket, ChecksumIsTheModulo256SumOfTheData) {
  EXPECT_EQ(checksum("g"), 0x67);
  EXPECT_EQ(checksum("vCont?"), 0x49);
  EXPECT_EQ(encode_packet("OK"), "$OK#9a");
  EXPECT_EQ(encode_packet(""), "$#00");
}

TEST(GdbPacket, SpecialCharactersAreEscapedWithTheirXor) {
  EXPECT_EQ(encode_packet("}", false), "$}]#da");
  EXPECT_EQ(encode_packet("#$*", false),
            fmt::format("${}#{:02x}", "}\x03}\x04}\x0a", checksum("}\x03}\x04}\x0a")));
  auto items = read_all(encode_packet("x}y#z$", false));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].kind, Incoming::Kind::kPacket);
  EXPECT_EQ(items[0].data, "x}y#z$");
}

TEST(GdbPacket, RunLengthEncodingRoundTripsAndAvoidsHashAndDollarCounts) {
  for (size_t run = 1; run < 300; ++run) {
    const std::string payload = fmt::format("a{}b", std::string(run, '0'));
    const std::string packet = encode_packet(payload);
    const std::string body = packet.substr(1, packet.size() - 4);
    EXPECT_EQ(body.find('#'), std::string::npos) << run;
    EXPECT_EQ(body.find('$'), std::string::npos) << run;
    EXPECT_EQ(decode_run_length(body), payload) << run;
  }
  EXPECT_EQ(encode_packet("0000000"), fmt::format("$0*\"0#{:02x}", checksum("0*\"0")));
}

TEST(GdbPacket, MalformedRunLengthIsRefused) {
  EXPECT_EQ(decode_run_length("*a"), std::nullopt);
  EXPECT_EQ(decode_run_length("a*"), std::nullopt);
  EXPECT_EQ(decode_run_length("a*\x01"), std::nullopt);
  EXPECT_EQ(decode_run_length("a* "), "aaaa");
}

TEST(GdbPacket, ReaderSplitsAcksInterruptsAndPacketsAcrossFeeds) {
  PacketReader reader;
  reader.feed("+$qSupp");
  EXPECT_EQ(reader.next()->kind, Incoming::Kind::kAck);
  EXPECT_FALSE(reader.next());
  reader.feed("orted#37-\x03");
  auto packet = reader.next();
  ASSERT_TRUE(packet);
  EXPECT_EQ(packet->kind, Incoming::Kind::kPacket);
  EXPECT_EQ(packet->data, "qSupported");
  EXPECT_EQ(reader.next()->kind, Incoming::Kind::kNak);
  EXPECT_EQ(reader.next()->kind, Incoming::Kind::kInterrupt);
  EXPECT_FALSE(reader.next());
}

TEST(GdbPacket, BadChecksumsAndEscapesAreBadPackets) {
  auto items = read_all(fmt::format("$g#00$g#zz$ab}}#{:02x}$g#67", checksum("ab}")));
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].kind, Incoming::Kind::kBadPacket);
  EXPECT_EQ(items[1].kind, Incoming::Kind::kBadPacket);
  EXPECT_EQ(items[2].kind, Incoming::Kind::kBadPacket);
  EXPECT_EQ(items[3].kind, Incoming::Kind::kPacket);
}

TEST(GdbPacket, OverlongPacketIsDroppedAndTheReaderRecovers) {
  PacketReader reader;
  reader.feed(fmt::format("${}", std::string(PacketReader::kMaxPacket + 10, 'a')));
  EXPECT_EQ(reader.next()->kind, Incoming::Kind::kBadPacket);
  reader.feed("$g#67");
  EXPECT_EQ(reader.next()->data, "g");
}

TEST(GdbPacket, RandomBytesNeverCrashTheReader) {
  std::mt19937 random(5);
  PacketReader reader;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes(random() % 64, '\0');
    for (char& c : bytes) c = "$#}*+-\x03g0a"[random() % 10];
    reader.feed(bytes);
    while (reader.next()) {
    }
  }
}

TEST(GdbHex, ParsesStrictly) {
  EXPECT_EQ(parse_hex("1f"), 0x1fu);
  EXPECT_EQ(parse_hex(""), std::nullopt);
  EXPECT_EQ(parse_hex("12345678901234567"), std::nullopt);
  EXPECT_EQ(parse_hex("1g"), std::nullopt);
  EXPECT_EQ(parse_thread_id("-1"), -1);
  EXPECT_EQ(parse_hex_bytes("0a1"), std::nullopt);
  EXPECT_EQ(parse_hex_bytes("0aff"), (std::vector<u8>{0x0a, 0xff}));
  EXPECT_EQ(to_hex(std::vector<u8>{1, 0xab}), "01ab");
}

}  // namespace
}  // namespace polyvm::control::gdb
