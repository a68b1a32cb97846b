// virtio-blk requests built by hand in test RAM (virtio 1.2, 5.2.6) against a temporary host
// image: the guest's reads see the file, its writes land in the file, errors leave it intact.
#include "device/virtio_blk.h"

#include <fcntl.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "virtio_driver.h"

namespace polyvm::device {
namespace {

using namespace testing;  // NOLINT: the test driver's layout constants

constexpr u64 kHeader = kBuffers;
constexpr u64 kData = kBuffers + 0x1000;
constexpr u64 kStatus = kBuffers + 0x3000;
constexpr u32 kIn = 0, kOut = 1, kFlush = 4, kGetId = 8;

class VirtioBlkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(memory_.add_ram(PAddr{kRamBase}, kRamSize));
    char name[] = "/tmp/polyvm_blk_XXXXXX";
    fd_ = ::mkstemp(name);
    ASSERT_GE(fd_, 0);
    path_ = name;
    std::string image(8 * 512, '\0');
    for (std::size_t i = 0; i < image.size(); ++i) image[i] = static_cast<char>(i / 512 + 'A');
    ASSERT_EQ(::pwrite(fd_, image.data(), image.size(), 0), static_cast<ssize_t>(image.size()));
  }
  void TearDown() override {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  void attach(bool read_only) {
    auto disk = VirtioBlk::open(path_, read_only);
    ASSERT_TRUE(disk) << disk.error().message;
    disk_ = std::move(*disk);
    mmio_ = std::make_unique<VirtioMmio>(memory_, disk_.get());
    driver_ = std::make_unique<VirtioDriver>(memory_, *mmio_);
    driver_->initialize(kVersion1);
  }
  /// Posts header, an optional data buffer and the status byte; returns the status byte.
  u8 request(u32 type, u64 sector, u32 data_len, bool data_writable) {
    driver_->poke(kHeader, type);
    driver_->poke(kHeader + 4, u32{0});
    driver_->poke(kHeader + 8, sector);
    driver_->poke<u8>(kStatus, 0xee);
    std::vector<Desc> chain{{kHeader, 16, kNext, 1}};
    if (data_len) {
      chain.push_back({kData, data_len, static_cast<u16>(kNext | (data_writable ? kWrite : 0)), 2});
    }
    chain.push_back({kStatus, 1, kWrite, 0});
    chain[chain.size() - 2].next = static_cast<u16>(chain.size() - 1);
    driver_->descriptors(chain);
    driver_->post(0);
    return driver_->peek<u8>(kStatus);
  }
  std::string file_bytes(u64 offset, std::size_t n) {
    std::string out(n, '\0');
    EXPECT_EQ(::pread(fd_, out.data(), n, static_cast<off_t>(offset)), static_cast<ssize_t>(n));
    return out;
  }
  mem::PhysicalMemory memory_;
  int fd_ = -1;
  std::string path_;
  std::unique_ptr<VirtioBlk> disk_;
  std::unique_ptr<VirtioMmio> mmio_;
  std::unique_ptr<VirtioDriver> driver_;
};

TEST_F(VirtioBlkTest, ConfigHoldsTheCapacityInSectors) {
  attach(false);
  EXPECT_EQ(mmio_->read(0x100, 8), 8u);
  EXPECT_EQ(mmio_->read(0x100, 4), 8u);
  EXPECT_EQ(mmio_->read(0x104, 4), 0u);
  EXPECT_EQ(mmio_->read(0x10c, 4), 254u);          // seg_max
  EXPECT_NE(driver_->reg(0x010) & (1u << 2), 0u);  // SEG_MAX
  EXPECT_EQ(driver_->reg(0x008), 2u);
  EXPECT_NE(driver_->reg(0x010) & (1u << 9), 0u);  // FLUSH
  EXPECT_EQ(driver_->reg(0x010) & (1u << 5), 0u);  // not RO
}

TEST_F(VirtioBlkTest, InReadsSectorsOfTheFile) {
  attach(false);
  EXPECT_EQ(request(kIn, 2, 1024, true), 0);
  EXPECT_EQ(driver_->peek<u8>(kData), 'C');
  EXPECT_EQ(driver_->peek<u8>(kData + 1023), 'D');
  EXPECT_EQ(driver_->used(0), std::make_pair(0u, 1025u));
  EXPECT_EQ(driver_->reg(0x060), 1u);
}

TEST_F(VirtioBlkTest, OutWritesTheFile) {
  attach(false);
  std::memset(driver_->ram(kData), 'z', 512);
  EXPECT_EQ(request(kOut, 7, 512, false), 0);
  EXPECT_EQ(file_bytes(7 * 512, 512), std::string(512, 'z'));
  EXPECT_EQ(file_bytes(6 * 512, 1), "G");
  EXPECT_EQ(driver_->used(0).second, 1u);
}

TEST_F(VirtioBlkTest, FlushAndGetIdSucceed) {
  attach(false);
  EXPECT_EQ(request(kFlush, 0, 0, false), 0);
  EXPECT_EQ(request(kGetId, 0, 20, true), 0);
  const std::string base = path_.substr(path_.rfind('/') + 1);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(driver_->ram(kData)), base.size()), base);
  EXPECT_EQ(driver_->used(1).second, 21u);
}

TEST_F(VirtioBlkTest, RequestsBeyondTheCapacityFailWithIoErr) {
  attach(false);
  std::memset(driver_->ram(kData), 'z', 1024);
  EXPECT_EQ(request(kOut, 7, 1024, false), 1);
  EXPECT_EQ(request(kIn, ~u64{0}, 512, true), 1);
  EXPECT_EQ(file_bytes(7 * 512, 1), "H");
}

TEST_F(VirtioBlkTest, PartialSectorsFailWithIoErr) {
  attach(false);
  EXPECT_EQ(request(kOut, 0, 100, false), 1);
  EXPECT_EQ(file_bytes(0, 1), "A");
}

TEST_F(VirtioBlkTest, UnknownRequestTypesAreUnsupported) {
  attach(false);
  EXPECT_EQ(request(11, 0, 0, false), 2);  // DISCARD is not offered
}

TEST_F(VirtioBlkTest, ReadOnlyImageAdvertisesRoAndRefusesWrites) {
  attach(true);
  EXPECT_NE(driver_->reg(0x010) & (1u << 5), 0u);
  std::memset(driver_->ram(kData), 'z', 512);
  EXPECT_EQ(request(kOut, 0, 512, false), 1);
  EXPECT_EQ(file_bytes(0, 512), std::string(512, 'A'));
  EXPECT_EQ(request(kIn, 0, 512, true), 0);
}

TEST_F(VirtioBlkTest, HeaderSplitAcrossDescriptorsIsAccepted) {
  attach(false);
  driver_->poke(kHeader, kIn);
  driver_->poke(kHeader + 8, u64{1});
  driver_->descriptors({{kHeader, 5, kNext, 1},
                        {kHeader + 5, 11, kNext, 2},
                        {kData, 513, kWrite, 0}});  // data and status in one buffer
  driver_->post(0);
  EXPECT_EQ(driver_->peek<u8>(kData), 'B');
  EXPECT_EQ(driver_->peek<u8>(kData + 512), 0);
}

TEST_F(VirtioBlkTest, OpeningAMissingImageIsAClearError) {
  auto disk = VirtioBlk::open("/nonexistent/disk.img", false);
  ASSERT_FALSE(disk);
  EXPECT_NE(disk.error().message.find("/nonexistent/disk.img"), std::string::npos);
}

TEST_F(VirtioBlkTest, AnImageInUseIsRefusedLikeQemuDoes) {
  auto writer = VirtioBlk::open(path_, false);
  ASSERT_TRUE(writer) << writer.error().message;
  const auto second = VirtioBlk::open(path_, false);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("another process"), std::string::npos);
  EXPECT_FALSE(VirtioBlk::open(path_, true));  // a reader would see writes under its feet
  writer->reset();
  EXPECT_TRUE(VirtioBlk::open(path_, false));  // closing released the locks
}

TEST_F(VirtioBlkTest, ReadersShareAnImageButKeepWritersOut) {
  auto reader = VirtioBlk::open(path_, true);
  ASSERT_TRUE(reader) << reader.error().message;
  EXPECT_TRUE(VirtioBlk::open(path_, true));
  const auto writer = VirtioBlk::open(path_, false);
  ASSERT_FALSE(writer);
  EXPECT_NE(writer.error().message.find("readonly=on"), std::string::npos);
}

}  // namespace
}  // namespace polyvm::device
