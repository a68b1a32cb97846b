// CLINT register semantics from the SiFive FU540-C000 manual (chapter 9) and the MTIP rule of
// Priv 1.12 3.2.1 (pending while mtime >= mtimecmp), driven by a test clock.
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

}  // namespace
}  // namespace polyvm::device
