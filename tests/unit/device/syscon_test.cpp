// The sifive_test finisher's protocol as QEMU's virt board defines it (hw/misc/sifive_test.c).
#include "device/syscon.h"

#include <gtest/gtest.h>

#include <vector>

namespace polyvm::device {
namespace {

class SysconTest : public ::testing::Test {
 protected:
  std::vector<SysconRequest> seen_;
  Syscon syscon_{[this](SysconRequest r) { seen_.push_back(r); }};
};

TEST_F(SysconTest, PassWordPowersOff) {
  ASSERT_TRUE(syscon_.write(0, 4, 0x5555));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].kind, SysconRequest::Kind::kPoweroff);
}

TEST_F(SysconTest, FailWordCarriesTheCodeInTheUpperHalf) {
  ASSERT_TRUE(syscon_.write(0, 4, (42u << 16) | 0x3333));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].kind, SysconRequest::Kind::kFail);
  EXPECT_EQ(seen_[0].code, 42);
}

TEST_F(SysconTest, ResetWordReboots) {
  ASSERT_TRUE(syscon_.write(0, 4, 0x7777));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].kind, SysconRequest::Kind::kReset);
}

TEST_F(SysconTest, HalfwordWritesAreAcceptedAsOnQemu) {
  ASSERT_TRUE(syscon_.write(0, 2, 0x5555));
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].kind, SysconRequest::Kind::kPoweroff);
}

TEST_F(SysconTest, OtherWordsAndOffsetsAreIgnored) {
  ASSERT_TRUE(syscon_.write(0, 4, 0x1234));
  ASSERT_TRUE(syscon_.write(4, 4, 0x5555));
  ASSERT_TRUE(syscon_.write(0, 1, 0x55));
  EXPECT_TRUE(seen_.empty());
  EXPECT_EQ(syscon_.read(0, 4), 0u);
}

}  // namespace
}  // namespace polyvm::device
