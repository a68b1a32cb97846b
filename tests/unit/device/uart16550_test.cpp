// NS16550A register semantics from the TI PC16550D datasheet: LSR bits, IIR priorities and
// acknowledgement, FIFO control, the divisor latch and loopback; snapshots restore registers, FIFO
// and interrupt.
#include "device/uart16550.h"

#include <gtest/gtest.h>

#include <string>

#include "recording_irq.h"

namespace polyvm::device {
namespace {

constexpr u64 kRbr = 0, kIer = 1, kIir = 2, kFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6,
              kScr = 7;

class UartTest : public ::testing::Test {
 protected:
  UartTest() : uart_([this](u8 b) { output_.push_back(static_cast<char>(b)); }) {
    uart_.set_irq(&irq_);
  }
  u8 in(u64 reg) { return static_cast<u8>(uart_.read(reg, 1).value()); }
  void out(u64 reg, u8 value) { ASSERT_TRUE(uart_.write(reg, 1, value)); }
  std::size_t push(const std::string& s) {
    return uart_.push_input(std::span(reinterpret_cast<const u8*>(s.data()), s.size()));
  }
  std::string output_;
  RecordingIrq irq_;
  Uart16550 uart_;
};

TEST_F(UartTest, ResetStateHasAnEmptyTransmitterAndNoInterrupt) {
  EXPECT_EQ(in(kLsr), 0x60);  // THRE | TEMT
  EXPECT_EQ(in(kIir), 0x01);  // no interrupt pending
  EXPECT_EQ(in(kIer), 0x00);
  EXPECT_EQ(in(kMsr), 0xb0);  // DCD, DSR, CTS asserted as on QEMU
  EXPECT_FALSE(irq_.level);
}

TEST_F(UartTest, TransmittedBytesReachTheSink) {
  for (char c : std::string("hi\n")) out(kRbr, static_cast<u8>(c));
  EXPECT_EQ(output_, "hi\n");
  EXPECT_EQ(in(kLsr), 0x60);
}

TEST_F(UartTest, ReceivedByteSetsDataReadyUntilRead) {
  EXPECT_EQ(push("a"), 1u);
  EXPECT_EQ(in(kLsr), 0x61);
  EXPECT_EQ(in(kRbr), 'a');
  EXPECT_EQ(in(kLsr), 0x60);
}

TEST_F(UartTest, WithoutFifosTheReceiverHoldsOneByte) {
  EXPECT_EQ(push("xyz"), 1u);
  out(kFcr, 0x01);  // enabling the FIFOs clears them
  EXPECT_EQ(in(kLsr)&1, 0);
  EXPECT_EQ(push(std::string(20, 'q')), 16u);
  EXPECT_EQ(in(kIir), 0xc1);  // FIFOs enabled: bits 7:6 set
}

TEST_F(UartTest, ReceiveInterruptFollowsTheFifoLevel) {
  out(kIer, 0x01);
  EXPECT_FALSE(irq_.level);
  push("k");
  EXPECT_TRUE(irq_.level);
  EXPECT_EQ(in(kIir), 0x04);
  EXPECT_EQ(in(kRbr), 'k');
  EXPECT_FALSE(irq_.level);
  EXPECT_EQ(in(kIir), 0x01);
}

TEST_F(UartTest, DataBelowTheTriggerLevelReportsACharacterTimeout) {
  out(kFcr, 0x81);  // FIFO on, trigger level 8
  out(kIer, 0x01);
  push("abc");
  EXPECT_EQ(in(kIir), 0xcc);
  push("defgh");
  EXPECT_EQ(in(kIir), 0xc4);
}

TEST_F(UartTest, ThreInterruptIsAcknowledgedByReadingIirAndRearmedByWritingThr) {
  out(kIer, 0x02);
  EXPECT_TRUE(irq_.level);
  EXPECT_EQ(in(kIir), 0x02);
  EXPECT_FALSE(irq_.level);
  EXPECT_EQ(in(kIir), 0x01);
  out(kRbr, 'x');
  EXPECT_TRUE(irq_.level);
  EXPECT_EQ(in(kIir), 0x02);
}

TEST_F(UartTest, ReceivedDataOutranksThre) {
  out(kIer, 0x03);
  push("z");
  EXPECT_EQ(in(kIir), 0x04);
  in(kRbr);
  EXPECT_EQ(in(kIir), 0x02);
}

TEST_F(UartTest, DivisorLatchSharesOffsetsZeroAndOneWhileDlabIsSet) {
  out(kIer, 0x05);
  out(kLcr, 0x83);
  out(kRbr, 0x01);
  out(kIer, 0x02);
  EXPECT_EQ(in(kRbr), 0x01);
  EXPECT_EQ(in(kIer), 0x02);
  EXPECT_TRUE(output_.empty());  // a divisor write is not a transmission
  out(kLcr, 0x03);
  EXPECT_EQ(in(kIer), 0x05);
  EXPECT_EQ(in(kLcr), 0x03);
}

TEST_F(UartTest, LoopbackEchoesAndMirrorsModemControl) {
  out(kMcr, 0x1f);
  EXPECT_EQ(in(kMsr), 0xf0);
  out(kRbr, 0x5a);
  EXPECT_TRUE(output_.empty());
  EXPECT_EQ(in(kLsr), 0x61);
  EXPECT_EQ(in(kRbr), 0x5a);
}

TEST_F(UartTest, OverrunSetsOeUntilLsrIsRead) {
  out(kMcr, 0x10);
  out(kIer, 0x04);
  out(kRbr, 1);
  out(kRbr, 2);  // one-byte holding register already full
  EXPECT_TRUE(irq_.level);
  EXPECT_EQ(in(kIir), 0x06);
  EXPECT_EQ(in(kLsr), 0x63);
  EXPECT_EQ(in(kLsr), 0x61);
  EXPECT_EQ(in(kRbr), 1);
}

TEST_F(UartTest, ScratchRegisterHoldsAByteAndWideAccessesAreRefused) {
  out(kScr, 0xa5);
  EXPECT_EQ(in(kScr), 0xa5);
  EXPECT_EQ(uart_.read(kScr, 4), std::nullopt);
  EXPECT_FALSE(uart_.write(kScr, 2, 0));
}

TEST_F(UartTest, SnapshotRoundTripRestoresRegistersFifoAndInterrupt) {
  out(kFcr, 0x01);
  out(kLcr, 0x03);
  out(kScr, 0x5a);
  out(kIer, 0x01);
  push("abc");
  const std::vector<u8> saved = uart_.save();
  ASSERT_TRUE(irq_.level);

  EXPECT_EQ(in(kRbr), 'a');
  out(kScr, 0);
  out(kIer, 0);
  out(kLcr, 0x80);
  EXPECT_FALSE(irq_.level);

  auto state = uart_.parse(saved);
  ASSERT_TRUE(state) << state.error().message;
  uart_.restore(*state);
  EXPECT_EQ(uart_.save(), saved);
  EXPECT_TRUE(irq_.level);
  EXPECT_EQ(in(kScr), 0x5a);
  EXPECT_EQ(in(kRbr), 'a');
  EXPECT_EQ(in(kRbr), 'b');
  EXPECT_EQ(in(kRbr), 'c');
  EXPECT_FALSE(irq_.level);
}

TEST_F(UartTest, SnapshotAFifoBeyondTheReceiversCapacityIsRefused) {
  out(kFcr, 0x01);
  push("abc");
  std::vector<u8> saved = uart_.save();
  ASSERT_TRUE(uart_.parse(saved));
  saved[1] = 0;  // fcr: FIFOs off, room for one byte
  EXPECT_FALSE(uart_.parse(saved));
  const std::vector<u8> again = uart_.save();
  EXPECT_FALSE(uart_.parse(std::span(again).first(5)));
}

}  // namespace
}  // namespace polyvm::device
