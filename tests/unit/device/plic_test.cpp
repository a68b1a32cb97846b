// PLIC behaviour from riscv-plic-1.0.0: WARL priorities, read-only pending bits, claim order by
// priority then id, thresholds, and completion re-arming a level-triggered source; snapshots
// restore claims and pending bits and drive the outputs again.
#include "device/plic.h"

#include <gtest/gtest.h>

#include "recording_irq.h"

namespace polyvm::device {
namespace {

constexpr u64 kSEnable = 0x2000 + 0x80;  // context 1: hart 0, S mode
constexpr u64 kSThreshold = 0x200000 + 0x1000;
constexpr u64 kSClaim = kSThreshold + 4;

class PlicTest : public ::testing::Test {
 protected:
  PlicTest() : plic_(96, 2) {
    plic_.connect_context(0, &meip_);
    plic_.connect_context(1, &seip_);
  }
  void priority(unsigned id, u32 p) { ASSERT_TRUE(plic_.write(4 * id, 4, p)); }
  u64 claim() { return plic_.read(kSClaim, 4).value(); }
  void complete(u32 id) { ASSERT_TRUE(plic_.write(kSClaim, 4, id)); }
  RecordingIrq meip_, seip_;
  Plic plic_;
};

TEST_F(PlicTest, PrioritiesKeepThreeBitsAndSourceZeroHasNone) {
  priority(5, 0xffff'ffff);
  EXPECT_EQ(plic_.read(4 * 5, 4), 7u);
  priority(0, 3);
  EXPECT_EQ(plic_.read(0, 4), 0u);
}

TEST_F(PlicTest, AWireRaisesItsPendingBitWhichTheDriverCannotWrite) {
  plic_.source(10).set(true);
  EXPECT_EQ(plic_.read(0x1000, 4), 1u << 10);
  ASSERT_TRUE(plic_.write(0x1000, 4, 0));
  EXPECT_EQ(plic_.read(0x1000, 4), 1u << 10);
  plic_.source(96).set(true);
  EXPECT_EQ(plic_.read(0x100c, 4), 1u);  // source 96 is bit 0 of word 3
}

TEST_F(PlicTest, EnableBitOfSourceZeroIsHardwiredToZero) {
  ASSERT_TRUE(plic_.write(kSEnable, 4, 0xffff'ffff));
  EXPECT_EQ(plic_.read(kSEnable, 4), 0xffff'fffeu);
}

TEST_F(PlicTest, OnlyEnabledSourcesAbovePriorityZeroInterruptTheirContext) {
  plic_.source(3).set(true);
  EXPECT_FALSE(seip_.level);
  ASSERT_TRUE(plic_.write(kSEnable, 4, 1u << 3));
  EXPECT_FALSE(seip_.level);  // priority 0 means never
  priority(3, 1);
  EXPECT_TRUE(seip_.level);
  EXPECT_FALSE(meip_.level);
}

TEST_F(PlicTest, ClaimsComeByPriorityThenLowestId) {
  for (unsigned id : {3u, 5u, 7u}) plic_.source(id).set(true);
  priority(3, 1);
  priority(5, 3);
  priority(7, 3);
  ASSERT_TRUE(plic_.write(kSEnable, 4, (1u << 3) | (1u << 5) | (1u << 7)));
  EXPECT_EQ(claim(), 5u);
  EXPECT_EQ(claim(), 7u);
  EXPECT_TRUE(seip_.level);
  EXPECT_EQ(claim(), 3u);
  EXPECT_FALSE(seip_.level);
  EXPECT_EQ(claim(), 0u);
  EXPECT_EQ(plic_.read(0x1000, 4), 0u);  // claiming cleared the pending bits
}

TEST_F(PlicTest, ThresholdMasksPrioritiesAtOrBelowIt) {
  plic_.source(4).set(true);
  priority(4, 3);
  ASSERT_TRUE(plic_.write(kSEnable, 4, 1u << 4));
  ASSERT_TRUE(plic_.write(kSThreshold, 4, 3));
  EXPECT_EQ(plic_.read(kSThreshold, 4), 3u);
  EXPECT_FALSE(seip_.level);
  EXPECT_EQ(claim(), 0u);
  ASSERT_TRUE(plic_.write(kSThreshold, 4, 2));
  EXPECT_TRUE(seip_.level);
}

TEST_F(PlicTest, CompletionRearmsASourceWhoseWireIsStillHigh) {
  plic_.source(1).set(true);
  priority(1, 1);
  ASSERT_TRUE(plic_.write(kSEnable, 4, 1u << 1));
  EXPECT_EQ(claim(), 1u);
  plic_.source(1).set(true);  // still in service: the gateway holds it off
  EXPECT_FALSE(seip_.level);
  complete(1);
  EXPECT_TRUE(seip_.level);
  EXPECT_EQ(claim(), 1u);
  plic_.source(1).set(false);
  complete(1);
  EXPECT_FALSE(seip_.level);
  EXPECT_EQ(claim(), 0u);
}

TEST_F(PlicTest, ALoweredWireWithdrawsItsRequest) {
  plic_.source(2).set(true);
  priority(2, 1);
  ASSERT_TRUE(plic_.write(kSEnable, 4, 1u << 2));
  plic_.source(2).set(false);
  EXPECT_FALSE(seip_.level);
  EXPECT_EQ(claim(), 0u);
}

TEST_F(PlicTest, OnlyWordAccessesAreAccepted) {
  EXPECT_EQ(plic_.read(4, 1), std::nullopt);
  EXPECT_FALSE(plic_.write(4, 8, 1));
  EXPECT_EQ(plic_.read(0x200000 + 0x1000 * 5, 4), 0u);  // beyond the two contexts: nothing
}

TEST_F(PlicTest, SnapshotRoundTripRestoresClaimsAndPendingAndDrivesTheOutputs) {
  ASSERT_TRUE(plic_.write(4 * 3, 4, 5));
  ASSERT_TRUE(plic_.write(4 * 10, 4, 1));
  ASSERT_TRUE(plic_.write(kSEnable, 4, (1u << 3) | (1u << 10)));
  plic_.source(3).set(true);
  plic_.source(10).set(true);
  ASSERT_EQ(plic_.read(kSClaim, 4), 3u);  // 3 in service, 10 still pending
  const std::vector<u8> saved = plic_.save();
  ASSERT_TRUE(seip_.level);

  ASSERT_TRUE(plic_.write(kSClaim, 4, 3));  // complete
  ASSERT_TRUE(plic_.write(kSThreshold, 4, 7));
  ASSERT_TRUE(plic_.write(4 * 3, 4, 0));
  plic_.source(10).set(false);
  EXPECT_FALSE(seip_.level);

  auto state = plic_.parse(saved);
  ASSERT_TRUE(state) << state.error().message;
  plic_.restore(*state);
  EXPECT_EQ(plic_.save(), saved);
  EXPECT_TRUE(seip_.level);
  EXPECT_FALSE(meip_.level);
  EXPECT_EQ(plic_.read(kSClaim, 4), 10u);
  ASSERT_TRUE(plic_.write(kSClaim, 4, 3));  // 3's wire is high: it requests again
  EXPECT_EQ(plic_.read(kSClaim, 4), 3u);
}

TEST_F(PlicTest, SnapshotStatesOfAnotherShapeOrWithBadValuesAreRefused) {
  const std::vector<u8> saved = plic_.save();
  EXPECT_FALSE(Plic(32, 2).parse(saved));
  EXPECT_FALSE(Plic(96, 4).parse(saved));
  EXPECT_FALSE(plic_.parse(std::span(saved).first(saved.size() - 4)));
  std::vector<u8> bad_priority = saved;
  bad_priority[8 + 4] = 8;  // source 1's priority, past the header
  EXPECT_FALSE(plic_.parse(bad_priority));
}

}  // namespace
}  // namespace polyvm::device
