// Guest physical memory: RAM regions, the MMIO bus's routing, and refused layouts.
#include "mem/physical_memory.h"

#include <gtest/gtest.h>

namespace polyvm::mem {
namespace {

/// Remembers the last access and answers reads with offset + size.
class RecordingDevice : public MmioDevice {
 public:
  std::optional<u64> read(u64 offset, unsigned size) override {
    if (size == 1) return std::nullopt;
    return offset + size;
  }
  bool write(u64 offset, unsigned size, u64 value) override {
    last_offset = offset;
    last_size = size;
    last_value = value;
    return true;
  }
  u64 last_offset = 0;
  unsigned last_size = 0;
  u64 last_value = 0;
};

TEST(PhysicalMemoryTest, RamIsZeroedAndWritable) {
  PhysicalMemory memory;
  ASSERT_TRUE(memory.add_ram(PAddr{0x8000'0000}, 1 << 20));
  u8* p = memory.ram(PAddr{0x8000'0ff8}, 8);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p[0], 0);
  p[0] = 0x5a;
  EXPECT_EQ(memory.lookup(PAddr{0x8000'0ff8}).host[0], 0x5a);
}

TEST(PhysicalMemoryTest, AccessesOutsideOrAcrossTheEndOfRamFindNothing) {
  PhysicalMemory memory;
  ASSERT_TRUE(memory.add_ram(PAddr{0x8000'0000}, 0x1000));
  EXPECT_EQ(memory.ram(PAddr{0x8000'0ffc}, 8), nullptr);
  EXPECT_NE(memory.ram(PAddr{0x8000'0ff8}, 8), nullptr);
  const PhysTarget none = memory.lookup(PAddr{0x8000'1000});
  EXPECT_FALSE(none.ram());
  EXPECT_FALSE(none.mmio());
  EXPECT_FALSE(memory.lookup(PAddr{0x7fff'ffff}).ram());
}

TEST(PhysicalMemoryTest, DevicesSeeOffsetsFromTheirBase) {
  PhysicalMemory memory;
  RecordingDevice device;
  ASSERT_TRUE(memory.add_device(PAddr{0x1000'0000}, 0x100, device));
  const PhysTarget t = memory.lookup(PAddr{0x1000'0010});
  ASSERT_TRUE(t.mmio());
  EXPECT_EQ(t.offset, 0x10u);
  EXPECT_EQ(t.device->read(t.offset, 4), 0x14u);
  EXPECT_EQ(t.device->read(t.offset, 1), std::nullopt);
  EXPECT_TRUE(t.device->write(t.offset, 8, 42));
  EXPECT_EQ(device.last_value, 42u);
  EXPECT_EQ(memory.ram(PAddr{0x1000'0010}, 4), nullptr);
  EXPECT_FALSE(memory.lookup(PAddr{0x1000'0100}).mmio());
}

TEST(PhysicalMemoryTest, OverlappingOrUnalignedRangesAreRefused) {
  PhysicalMemory memory;
  RecordingDevice device;
  ASSERT_TRUE(memory.add_ram(PAddr{0x8000'0000}, 0x10000));
  EXPECT_FALSE(memory.add_ram(PAddr{0x8000'f000}, 0x2000));
  EXPECT_FALSE(memory.add_device(PAddr{0x7fff'ff00}, 0x200, device));
  EXPECT_FALSE(memory.add_ram(PAddr{0x9000'0800}, 0x1000));
  EXPECT_FALSE(memory.add_device(PAddr{0x1000}, 0, device));
  EXPECT_TRUE(memory.add_device(PAddr{0x7fff'ff00}, 0x100, device));
}

}  // namespace
}  // namespace polyvm::mem
