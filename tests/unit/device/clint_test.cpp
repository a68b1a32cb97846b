// CLINT register semantics from the SiFive FU540-C000 manual (chapter 9) and the MTIP rule of
// Priv 1.12 3.2.1 (pending while mtime >= mtimecmp), driven by a test clock; snapshots
// restore the registers and continue mtime from its saved value.
#include "device/clint.h"

#include <gtest/gtest.h>

#include <thread>

#include "recording_irq.h"

namespace polyvm::device {
namespace {

class ClintTest : public ::testing::Test {
 protected:
  ClintTest() : clint_(2, [this] { return ticks_; }) {
    clint_.connect(0, &msip0_, &mtip0_);
    clint_.connect(1, &msip1_, &mtip1_);
  }
  u64 ticks_ = 1000;
  RecordingIrq msip0_, mtip0_, msip1_, mtip1_;
  Clint clint_;
};

TEST_F(ClintTest, MtimeReadsTheClockWholeAndInHalves) {
  ticks_ = 0x1'2345'6789;
  EXPECT_EQ(clint_.read(0xbff8, 8), 0x1'2345'6789u);
  EXPECT_EQ(clint_.read(0xbff8, 4), 0x2345'6789u);
  EXPECT_EQ(clint_.read(0xbffc, 4), 0x1u);
  EXPECT_EQ(clint_.mtime(), 0x1'2345'6789u);
}

TEST_F(ClintTest, WritingMtimeMovesItAndKeepsItRunning) {
  ASSERT_TRUE(clint_.write(0xbff8, 8, 50));
  EXPECT_EQ(clint_.read(0xbff8, 8), 50u);
  ticks_ += 7;
  EXPECT_EQ(clint_.read(0xbff8, 8), 57u);
}

TEST_F(ClintTest, MsipHasOnlyBitZeroAndDrivesTheHartsSoftwareInterrupt) {
  ASSERT_TRUE(clint_.write(0x4, 4, 0xffff'ffff));
  EXPECT_EQ(clint_.read(0x4, 4), 1u);
  EXPECT_TRUE(msip1_.level);
  EXPECT_FALSE(msip0_.level);
  ASSERT_TRUE(clint_.write(0x4, 4, 0));
  EXPECT_FALSE(msip1_.level);
}

TEST_F(ClintTest, NoTimerInterruptBeforeMtimecmpIsProgrammed) {
  clint_.update();
  EXPECT_FALSE(mtip0_.level);
  EXPECT_EQ(clint_.time_to_next_timer(), std::nullopt);
}

TEST_F(ClintTest, MtipIsTheLevelMtimeAtOrPastMtimecmp) {
  ASSERT_TRUE(clint_.write(0x4000, 8, 1500));
  EXPECT_FALSE(mtip0_.level);
  ticks_ = 1499;
  clint_.update();
  EXPECT_FALSE(mtip0_.level);
  ticks_ = 1500;
  clint_.update();
  EXPECT_TRUE(mtip0_.level);
  EXPECT_FALSE(mtip1_.level);
  // Moving the compare value ahead withdraws the interrupt (Priv 1.12 3.2.1).
  ASSERT_TRUE(clint_.write(0x4000, 8, 5000));
  EXPECT_FALSE(mtip0_.level);
}

TEST_F(ClintTest, MtimecmpWrittenInHalvesAsRv32DriversDo) {
  ASSERT_TRUE(clint_.write(0x4008, 4, 0xffff'ffff));  // high half first keeps it in the future
  ASSERT_TRUE(clint_.write(0x400c, 4, 0));
  EXPECT_EQ(clint_.read(0x4008, 8), 0xffff'ffffu);
  ASSERT_TRUE(clint_.write(0x4008, 4, 900));
  EXPECT_EQ(clint_.read(0x4008, 8), 900u);
  EXPECT_TRUE(mtip1_.level);
}

TEST_F(ClintTest, TimeToNextTimerIsTheEarliestCompareAtTenMegahertz) {
  ASSERT_TRUE(clint_.write(0x4000, 8, 1000 + 2500));
  ASSERT_TRUE(clint_.write(0x4008, 8, 1000 + 1000));
  EXPECT_EQ(clint_.time_to_next_timer(), std::chrono::microseconds(100));
  ticks_ = 3000;
  EXPECT_EQ(clint_.time_to_next_timer(), std::chrono::nanoseconds(0));
}

TEST_F(ClintTest, HostClockAdvancesAtTheTimebase) {
  const Clint::Clock clock = Clint::host_clock();
  const u64 before = clock();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const u64 ticks = clock() - before;
  EXPECT_GE(ticks, 200'000u);  // 20 ms at 10 MHz
  EXPECT_LT(ticks, 2'000'000u);
}

TEST_F(ClintTest, SnapshotRoundTripRestoresRegistersAndTimeContinuesFromTheSavedMtime) {
  ASSERT_TRUE(clint_.write(0x0, 4, 1));        // hart 0 msip
  ASSERT_TRUE(clint_.write(0x4008, 8, 1500));  // hart 1 mtimecmp
  ASSERT_TRUE(clint_.write(0x4000, 8, 900));   // hart 0 mtimecmp: already due
  const std::vector<u8> saved = clint_.save();
  ASSERT_TRUE(mtip0_.level);

  ASSERT_TRUE(clint_.write(0x0, 4, 0));
  ASSERT_TRUE(clint_.write(0x4000, 8, ~u64{0}));
  ticks_ = 5'000'000;  // a later process: the host clock is elsewhere
  EXPECT_FALSE(mtip0_.level);

  auto state = clint_.parse(saved);
  ASSERT_TRUE(state) << state.error().message;
  clint_.restore(*state);
  EXPECT_EQ(clint_.save(), saved);
  EXPECT_EQ(clint_.mtime(), 1000u);
  EXPECT_TRUE(msip0_.level);
  EXPECT_TRUE(mtip0_.level);
  EXPECT_FALSE(mtip1_.level);
  ticks_ += 500;
  EXPECT_EQ(clint_.mtime(), 1500u);
  clint_.update();
  EXPECT_TRUE(mtip1_.level);
}

TEST_F(ClintTest, SnapshotRestoreDrivesLinesEvenWhenTheirLevelDidNotChange) {
  ASSERT_TRUE(clint_.write(0x0, 4, 1));
  auto state = clint_.parse(clint_.save());
  ASSERT_TRUE(state);
  const int before = msip0_.changes;
  msip0_.level = false;  // as a hart whose mip lines were cleared on restore
  clint_.restore(*state);
  EXPECT_TRUE(msip0_.level);
  EXPECT_GT(msip0_.changes, before);
}

TEST_F(ClintTest, SnapshotStatesOfAnotherShapeOrLengthAreRefused) {
  const std::vector<u8> saved = clint_.save();
  Clint one(1, [] { return u64{0}; });
  EXPECT_FALSE(one.parse(saved));
  EXPECT_FALSE(clint_.parse(std::span(saved).first(saved.size() - 1)));
  std::vector<u8> longer = saved;
  longer.push_back(0);
  EXPECT_FALSE(clint_.parse(longer));
  std::vector<u8> bad_bool = saved;
  bad_bool[4] = 2;  // hart 0's msip
  EXPECT_FALSE(clint_.parse(bad_bool));
}

}  // namespace
}  // namespace polyvm::device
