// The virtio-mmio transport against virtio 1.2 4.2.2 (register layout, version 2), 3.1.1
// (feature negotiation) and 2.1.2 (NEEDS_RESET), and split-queue rules of 2.7 enforced against
// malformed descriptor chains; virtio-rng (5.4) serves as the simplest device behind it.
#include "device/virtio_mmio.h"

#include <gtest/gtest.h>

#include "device/virtio_rng.h"
#include "virtio_driver.h"

namespace polyvm::device {
namespace {

using namespace testing;  // NOLINT: the test driver's layout constants

class VirtioMmioTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(memory_.add_ram(PAddr{kRamBase}, kRamSize)); }
  bool broken() { return driver_.reg(0x070) & kNeedsReset; }
  mem::PhysicalMemory memory_;
  VirtioRng rng_;
  VirtioMmio mmio_{memory_, &rng_};
  VirtioDriver driver_{memory_, mmio_};
};

TEST_F(VirtioMmioTest, IdentifiesAsAModernDevice) {
  EXPECT_EQ(driver_.reg(0x000), 0x74726976u);
  EXPECT_EQ(driver_.reg(0x004), 2u);
  EXPECT_EQ(driver_.reg(0x008), 4u);  // entropy device
  EXPECT_EQ(driver_.reg(0x00c), 0x554d4551u);
  driver_.set(0x014, 1);
  EXPECT_EQ(driver_.reg(0x010) & 1, 1u);  // VIRTIO_F_VERSION_1 is feature bit 32
  driver_.set(0x030, 1);
  EXPECT_EQ(driver_.reg(0x034), 0u);  // rng has only queue 0
}

TEST_F(VirtioMmioTest, AnEmptySlotReportsDeviceIdZero) {
  VirtioMmio empty{memory_, nullptr};
  EXPECT_EQ(empty.read(0x000, 4), 0x74726976u);
  EXPECT_EQ(empty.read(0x008, 4), 0u);
}

TEST_F(VirtioMmioTest, RegistersAreWordSized) {
  EXPECT_EQ(mmio_.read(0x000, 1), std::nullopt);
  EXPECT_FALSE(mmio_.write(0x070, 8, 1));
}

TEST_F(VirtioMmioTest, FeaturesOkDoesNotStickWithoutVersion1) {
  driver_.set(0x070, kAcknowledge | kDriver);
  driver_.set(0x070, kAcknowledge | kDriver | kFeaturesOk);
  EXPECT_EQ(driver_.reg(0x070), kAcknowledge | kDriver);
}

TEST_F(VirtioMmioTest, FeaturesOkDoesNotStickForUnofferedFeatures) {
  driver_.set(0x070, kAcknowledge | kDriver);
  driver_.set(0x024, 1);
  driver_.set(0x020, 1 | 2);  // VERSION_1 and ACCESS_PLATFORM (bit 33), not offered
  driver_.set(0x070, kAcknowledge | kDriver | kFeaturesOk);
  EXPECT_EQ(driver_.reg(0x070) & kFeaturesOk, 0u);
}

TEST_F(VirtioMmioTest, QueueRegistersReadBackAndResetClearsEverything) {
  driver_.initialize(kVersion1);
  EXPECT_EQ(driver_.reg(0x044), 1u);
  EXPECT_EQ(driver_.reg(0x090), static_cast<u32>(kAvail));
  EXPECT_EQ(driver_.reg(0x034), 256u);
  driver_.set(0x070, 0);
  EXPECT_EQ(driver_.reg(0x070), 0u);
  EXPECT_EQ(driver_.reg(0x044), 0u);
  EXPECT_EQ(driver_.reg(0x080), 0u);
}

TEST_F(VirtioMmioTest, RngFillsTheBufferAndInterruptsUntilAcknowledged) {
  driver_.initialize(kVersion1);
  driver_.descriptors({{kBuffers, 64, kWrite, 0}});
  driver_.post(0);
  ASSERT_EQ(driver_.used_idx(), 1);
  EXPECT_EQ(driver_.used(0), std::make_pair(0u, 64u));
  u64 nonzero = 0;
  for (int i = 0; i < 8; ++i) nonzero |= driver_.peek<u64>(kBuffers + 8 * i);
  EXPECT_NE(nonzero, 0u);
  EXPECT_EQ(driver_.reg(0x060), 1u);
  EXPECT_TRUE(driver_.irq.level);
  driver_.set(0x064, 1);
  EXPECT_EQ(driver_.reg(0x060), 0u);
  EXPECT_FALSE(driver_.irq.level);
}

TEST_F(VirtioMmioTest, NoInterruptFlagSuppressesTheInterrupt) {
  driver_.initialize(kVersion1);
  driver_.poke<u16>(kAvail, 1);  // VIRTQ_AVAIL_F_NO_INTERRUPT
  driver_.descriptors({{kBuffers, 16, kWrite, 0}});
  driver_.post(0);
  EXPECT_EQ(driver_.used_idx(), 1);
  EXPECT_EQ(driver_.reg(0x060), 0u);
}

TEST_F(VirtioMmioTest, EventIdxInterruptsOnlyWhenUsedEventIsCrossed) {
  driver_.initialize(kVersion1 | (u64{1} << 29));
  driver_.poke<u16>(kAvail + 4 + 2 * kQueueSize, 1);  // used_event: interrupt after entry 1
  driver_.descriptors({{kBuffers, 16, kWrite, 0}});
  driver_.post(0);
  EXPECT_EQ(driver_.reg(0x060), 0u);
  EXPECT_EQ(driver_.peek<u16>(kUsed + 4 + 8 * kQueueSize), 1);  // avail_event
  driver_.post(0);
  EXPECT_EQ(driver_.reg(0x060), 1u);
}

TEST_F(VirtioMmioTest, NotifiesBeforeDriverOkAreIgnored) {
  driver_.set(0x070, kAcknowledge | kDriver);
  driver_.set(0x024, 1);
  driver_.set(0x020, 1);
  driver_.set(0x070, kAcknowledge | kDriver | kFeaturesOk);
  driver_.setup_queue(0);
  driver_.descriptors({{kBuffers, 16, kWrite, 0}});
  driver_.post(0);
  EXPECT_EQ(driver_.used_idx(), 0);
}

// Malformed queues and chains: the device asks for a reset and touches nothing.
TEST_F(VirtioMmioTest, QueueOutsideRamNeedsReset) {
  driver_.set(0x070, kAcknowledge | kDriver);
  driver_.set(0x024, 1);
  driver_.set(0x020, 1);
  driver_.set(0x070, kAcknowledge | kDriver | kFeaturesOk);
  driver_.set(0x030, 0);
  driver_.set(0x038, kQueueSize);
  driver_.set(0x080, 0x1000);  // below RAM
  driver_.set(0x090, static_cast<u32>(kAvail));
  driver_.set(0x0a0, static_cast<u32>(kUsed));
  driver_.set(0x044, 1);
  EXPECT_TRUE(broken());
  EXPECT_EQ(driver_.reg(0x044), 0u);
  EXPECT_EQ(driver_.reg(0x060), 2u);  // configuration change notification
}

TEST_F(VirtioMmioTest, QueueSizeThatIsNotAPowerOfTwoNeedsReset) {
  driver_.set(0x030, 0);
  driver_.set(0x038, 6);
  driver_.set(0x044, 1);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, DescriptorLoopNeedsReset) {
  driver_.initialize(kVersion1);
  driver_.descriptors({{kBuffers, 16, kNext | kWrite, 1}, {kBuffers, 16, kNext | kWrite, 0}});
  driver_.post(0);
  EXPECT_TRUE(broken());
  EXPECT_EQ(driver_.used_idx(), 0);
}

TEST_F(VirtioMmioTest, BufferOutsideRamNeedsReset) {
  driver_.initialize(kVersion1);
  driver_.descriptors({{kRamBase + kRamSize - 8, 16, kWrite, 0}});
  driver_.post(0);
  EXPECT_TRUE(broken());
  EXPECT_EQ(driver_.used_idx(), 0);
}

TEST_F(VirtioMmioTest, OversizeLengthNeedsReset) {
  driver_.initialize(kVersion1);
  driver_.descriptors({{kBuffers, 0xffff'ffff, kWrite, 0}});
  driver_.post(0);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, HeadIndexOutsideTheTableNeedsReset) {
  driver_.initialize(kVersion1);
  driver_.post(kQueueSize);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, AvailIndexRunningAheadOfTheRingNeedsReset) {
  driver_.initialize(kVersion1);
  driver_.poke<u16>(kAvail + 2, kQueueSize + 1);
  driver_.set(0x050, 0);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, ReadableAfterWritableNeedsReset) {
  driver_.initialize(kVersion1);
  driver_.descriptors({{kBuffers, 16, kNext | kWrite, 1}, {kBuffers + 16, 16, 0, 0}});
  driver_.post(0);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, NestedIndirectTableNeedsReset) {
  driver_.initialize(kVersion1 | (u64{1} << 28));
  const u64 table = kBuffers + 0x1000;
  driver_.descriptors({{table, 16, kIndirect, 0}});
  driver_.descriptors({{table, 16, kIndirect, 0}}, table);
  driver_.post(0);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, IndirectWithoutTheFeatureNeedsReset) {
  driver_.initialize(kVersion1);
  const u64 table = kBuffers + 0x1000;
  driver_.descriptors({{table, 16, kIndirect, 0}});
  driver_.descriptors({{kBuffers, 16, kWrite, 0}}, table);
  driver_.post(0);
  EXPECT_TRUE(broken());
}

TEST_F(VirtioMmioTest, IndirectChainIsServed) {
  driver_.initialize(kVersion1 | (u64{1} << 28));
  const u64 table = kBuffers + 0x1000;
  driver_.descriptors({{table, 32, kIndirect, 0}});
  driver_.descriptors({{kBuffers, 8, kWrite | kNext, 1}, {kBuffers + 64, 8, kWrite, 0}}, table);
  driver_.post(0);
  EXPECT_FALSE(broken());
  EXPECT_EQ(driver_.used(0), std::make_pair(0u, 16u));
}

TEST_F(VirtioMmioTest, ResetRecoversABrokenDevice) {
  driver_.initialize(kVersion1);
  driver_.post(kQueueSize);
  ASSERT_TRUE(broken());
  driver_.poke<u16>(kAvail + 2, 0);
  driver_.initialize(kVersion1);
  EXPECT_FALSE(broken());
  driver_.descriptors({{kBuffers, 16, kWrite, 0}});
  driver_.post(0);
  EXPECT_EQ(driver_.used_idx(), 1);
}

}  // namespace
}  // namespace polyvm::device
