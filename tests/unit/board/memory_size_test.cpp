// -m values as QEMU reads them (qemu-options: "a bare number is MiB"), and the limits we add.
#include "board/memory_size.h"

#include <gtest/gtest.h>

namespace polyvm::board {
namespace {

TEST(MemorySize, ABareNumberIsMebibytes) {
  EXPECT_EQ(parse_memory_size("128").value(), 128 * kMiB);
}

TEST(MemorySize, SuffixesArePowersOf1024InEitherCase) {
  EXPECT_EQ(parse_memory_size("256M").value(), 256 * kMiB);
  EXPECT_EQ(parse_memory_size("256m").value(), 256 * kMiB);
  EXPECT_EQ(parse_memory_size("1G").value(), kGiB);
  EXPECT_EQ(parse_memory_size("65536k").value(), 64 * kMiB);
  EXPECT_EQ(parse_memory_size("33554432B").value(), 32 * kMiB);
  EXPECT_EQ(parse_memory_size("size=2G").value(), 2 * kGiB);
}

TEST(MemorySize, LimitsAreInclusive) {
  EXPECT_EQ(parse_memory_size("16").value(), kMinRamSize);
  EXPECT_EQ(parse_memory_size("16G").value(), kMaxRamSize);
}

TEST(MemorySize, RefusesZeroTinyAndHugeSizesSayingTheRange) {
  for (const char* text : {"0", "15", "17G", "1T", "4096B"}) {
    const auto size = parse_memory_size(text);
    ASSERT_FALSE(size) << text;
    EXPECT_NE(size.error().message.find("between 16 MiB and 16 GiB"), std::string::npos)
        << size.error().message;
  }
}

TEST(MemorySize, RefusesPartialPages) {
  const auto size = parse_memory_size("16777217B");
  ASSERT_FALSE(size);
  EXPECT_NE(size.error().message.find("4 KiB pages"), std::string::npos);
}

TEST(MemorySize, RefusesGarbageWithAHint) {
  for (const char* text : {"", "M", "-1", "1.5G", "12MB", "1 G", "0x100"}) {
    const auto size = parse_memory_size(text);
    ASSERT_FALSE(size) << text;
    EXPECT_NE(size.error().message.find("-m"), std::string::npos);
  }
  EXPECT_NE(parse_memory_size("12Q").error().message.find("unknown size suffix 'Q'"),
            std::string::npos);
}

TEST(MemorySize, RefusesNumbersThatOverflow) {
  EXPECT_FALSE(parse_memory_size("99999999999999999999"));
  EXPECT_FALSE(parse_memory_size("99999999999T"));
}

}  // namespace
}  // namespace polyvm::board
