// virtio-console's single port (virtio 1.2, 5.3.6): transmitq0 buffers reach the sink and
// pushed input fills receiveq0 buffers as the driver posts them; a snapshot of the transport
// carries queues and pending input on.
#include "device/virtio_console.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "device/virtio_rng.h"
#include "virtio_driver.h"

namespace polyvm::device {
namespace {

using namespace testing;  // NOLINT: the test driver's layout constants

constexpr u64 kRxTable = kDescTable;
constexpr u64 kTxTable = kDescTable + 0x4000;

class VirtioConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(memory_.add_ram(PAddr{kRamBase}, kRamSize));
    driver_.initialize(kVersion1, 2);
  }
  void push(const std::string& s) {
    console_.push_input(std::span(reinterpret_cast<const u8*>(s.data()), s.size()));
  }
  mem::PhysicalMemory memory_;
  std::string output_;
  VirtioConsole console_{[this](std::span<const u8> b) { output_.append(b.begin(), b.end()); }};
  VirtioMmio mmio_{memory_, &console_};
  VirtioDriver driver_{memory_, mmio_};
};

TEST_F(VirtioConsoleTest, IsAConsoleWithTwoQueues) {
  EXPECT_EQ(driver_.reg(0x008), 3u);
  driver_.set(0x030, 1);
  EXPECT_EQ(driver_.reg(0x034), 256u);
  driver_.set(0x030, 2);
  EXPECT_EQ(driver_.reg(0x034), 0u);
}

TEST_F(VirtioConsoleTest, TransmittedBuffersReachTheSink) {
  std::memcpy(driver_.ram(kBuffers), "hello, ", 7);
  std::memcpy(driver_.ram(kBuffers + 0x100), "world", 5);
  driver_.descriptors({{kBuffers, 7, kNext, 1}, {kBuffers + 0x100, 5, 0, 0}}, kTxTable);
  driver_.post(0, 1);
  EXPECT_EQ(output_, "hello, world");
  EXPECT_EQ(driver_.used(0, 1), std::make_pair(0u, 0u));
}

TEST_F(VirtioConsoleTest, InputWaitsForAReceiveBuffer) {
  push("ls\n");
  EXPECT_EQ(driver_.used_idx(0), 0);
  driver_.descriptors({{kBuffers, 64, kWrite, 0}}, kRxTable);
  driver_.post(0, 0);
  ASSERT_EQ(driver_.used_idx(0), 1);
  EXPECT_EQ(driver_.used(0, 0).second, 3u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(driver_.ram(kBuffers)), 3), "ls\n");
}

TEST_F(VirtioConsoleTest, InputIsDeliveredAtOnceIntoPostedBuffersAndInterrupts) {
  driver_.descriptors({{kBuffers, 2, kWrite, 0}, {kBuffers + 0x100, 8, kWrite, 0}}, kRxTable);
  driver_.post(0, 0);
  driver_.post(1, 0);
  EXPECT_FALSE(driver_.irq.level);
  push("abcd");
  ASSERT_EQ(driver_.used_idx(0), 2);
  EXPECT_EQ(driver_.used(0, 0), std::make_pair(0u, 2u));
  EXPECT_EQ(driver_.used(1, 0), std::make_pair(1u, 2u));
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(driver_.ram(kBuffers + 0x100)), 2), "cd");
  EXPECT_TRUE(driver_.irq.level);
}

// A terminal thread pushes input while the driver keeps posting one-byte receive buffers: no
// byte is lost or reordered and neither side deadlocks (transport lock, then input lock).
TEST_F(VirtioConsoleTest, InputPushedFromAnotherThreadArrivesInOrder) {
  constexpr int kBytes = 2000;
  std::thread terminal([this] {
    for (int i = 0; i < kBytes; ++i) push(std::string(1, static_cast<char>('a' + i % 26)));
  });
  std::string received;
  for (u16 posted = 0; received.size() < kBytes; ++posted) {
    const u16 slot = posted % kQueueSize;
    driver_.descriptors({{kBuffers + slot, 1, kWrite, 0}}, kRxTable, slot);
    driver_.post(slot, 0);
    while (driver_.used_idx(0) != static_cast<u16>(posted + 1)) std::this_thread::yield();
    received += static_cast<char>(driver_.peek<u8>(kBuffers + slot));
  }
  terminal.join();
  for (int i = 0; i < kBytes; ++i) ASSERT_EQ(received[i], 'a' + i % 26) << i;
}

// Posts `s` as transmit chain `index` (the console's queue 1).
void transmit(VirtioDriver& driver, const std::string& s, u16 index) {
  std::memcpy(driver.ram(kBuffers), s.data(), s.size());
  driver.descriptors({{kBuffers, static_cast<u32>(s.size()), 0, 0}}, kTxTable, index);
  driver.post(index, 1);
}

TEST_F(VirtioConsoleTest, SnapshotRoundTripCarriesQueuesAndPendingInputOn) {
  transmit(driver_, "one", 0);
  push("typed ahead");  // no receive buffer posted yet: pending in the device
  const std::vector<u8> saved = mmio_.save();
  const u32 interrupt = driver_.reg(0x060);

  driver_.set(0x070, 0);  // reset: queues and input gone
  EXPECT_EQ(driver_.reg(0x070), 0u);

  auto state = mmio_.parse(saved);
  ASSERT_TRUE(state) << state.error().message;
  mmio_.restore(*state);
  EXPECT_EQ(mmio_.save(), saved);
  EXPECT_EQ(driver_.reg(0x070), kAcknowledge | kDriver | kFeaturesOk | kDriverOk);
  EXPECT_EQ(driver_.reg(0x060), interrupt);
  EXPECT_EQ(driver_.irq.level, interrupt != 0);

  transmit(driver_, "two", 1);  // the transmit queue goes on from its saved position
  EXPECT_EQ(output_, "onetwo");
  EXPECT_EQ(driver_.used_idx(1), 2u);
  driver_.descriptors({{kBuffers + 0x100, 64, kWrite, 0}}, kRxTable);
  driver_.post(0, 0);
  ASSERT_EQ(driver_.used_idx(0), 1u);
  EXPECT_EQ(driver_.used(0, 0).second, 11u);
  EXPECT_EQ(std::memcmp(driver_.ram(kBuffers + 0x100), "typed ahead", 11), 0);
}

TEST_F(VirtioConsoleTest, SnapshotAnotherDeviceOrQueuesOutsideRamAreRefused) {
  const std::vector<u8> saved = mmio_.save();
  VirtioRng rng;
  VirtioMmio rng_slot{memory_, &rng};
  EXPECT_FALSE(rng_slot.parse(saved));
  VirtioMmio empty_slot{memory_, nullptr};
  EXPECT_FALSE(empty_slot.parse(saved));

  mem::PhysicalMemory no_ram;
  VirtioConsole other{[](std::span<const u8>) {}};
  VirtioMmio elsewhere{no_ram, &other};
  EXPECT_FALSE(elsewhere.parse(saved));

  EXPECT_FALSE(mmio_.parse(std::span(saved).first(saved.size() - 1)));
}

TEST_F(VirtioConsoleTest, SnapshotADeviceWithoutStateRefusesStateBytes) {
  VirtioRng rng;
  VirtioMmio slot{memory_, &rng};
  std::vector<u8> saved = slot.save();
  ASSERT_TRUE(slot.parse(saved));
  saved.resize(saved.size() - 8);  // the device state's length, 0, is last
  for (u8 b : {1, 0, 0, 0, 0, 0, 0, 0, 0x42}) saved.push_back(b);  // one byte of state
  EXPECT_FALSE(slot.parse(saved));
}

}  // namespace
}  // namespace polyvm::device
