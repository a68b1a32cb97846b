// PMP matching and permissions against the rules and encodings of Priv 1.12, 3.7.1.
#include "guest/riscv64/mmu/pmp.h"

#include <gtest/gtest.h>

namespace polyvm::guest::riscv64::mmu::testing {
namespace {

using mem::Access;

class Riscv64Pmp : public ::testing::Test {
 protected:
  void set(unsigned i, u8 cfg, u64 addr) {
    cfg_[i] = cfg;
    addr_[i] = addr;
  }
  bool allows(u64 paddr, u64 size, Access access, Privilege priv) {
    return pmp_allows({&cfg_, &addr_}, paddr, size, access, priv);
  }
  static constexpr u8 mode(pmpcfg::Mode m) { return static_cast<u8>(m << pmpcfg::kAShift); }

  std::array<u8, kPmpEntries> cfg_{};
  std::array<u64, kPmpEntries> addr_{};
};

TEST_F(Riscv64Pmp, NoMatchingEntryFailsBelowMachineModeOnly) {
  EXPECT_TRUE(allows(0x8000'0000, 8, Access::kStore, Privilege::kMachine));
  EXPECT_FALSE(allows(0x8000'0000, 8, Access::kLoad, Privilege::kSupervisor));
  EXPECT_FALSE(allows(0x8000'0000, 8, Access::kFetch, Privilege::kUser));
}

TEST_F(Riscv64Pmp, NapotEncodesSizeInTrailingOnes) {
  // Table 3.10: pmpaddr = base >> 2 | (size / 8 - 1) for a naturally aligned 2^n region.
  set(0, mode(pmpcfg::kNapot) | pmpcfg::kR, (0x8000'0000 >> 2) | (0x1000 / 8 - 1));
  EXPECT_TRUE(allows(0x8000'0000, 8, Access::kLoad, Privilege::kSupervisor));
  EXPECT_TRUE(allows(0x8000'0ff8, 8, Access::kLoad, Privilege::kSupervisor));
  EXPECT_FALSE(allows(0x8000'1000, 8, Access::kLoad, Privilege::kSupervisor));
  EXPECT_FALSE(allows(0x8000'0000, 8, Access::kStore, Privilege::kSupervisor));
}

TEST_F(Riscv64Pmp, TorUsesThePreviousAddressAsBottom) {
  set(0, 0, 0x8000'0000 >> 2);
  set(1, mode(pmpcfg::kTor) | pmpcfg::kR | pmpcfg::kW, 0x8000'2000 >> 2);
  EXPECT_TRUE(allows(0x8000'1000, 4, Access::kStore, Privilege::kUser));
  EXPECT_FALSE(allows(0x7fff'fffc, 4, Access::kLoad, Privilege::kUser));
  EXPECT_FALSE(allows(0x8000'2000, 4, Access::kLoad, Privilege::kUser));
}

TEST_F(Riscv64Pmp, Na4CoversFourBytes) {
  set(0, mode(pmpcfg::kNa4) | pmpcfg::kX, 0x8000'0100 >> 2);
  EXPECT_TRUE(allows(0x8000'0100, 4, Access::kFetch, Privilege::kSupervisor));
  EXPECT_FALSE(allows(0x8000'0104, 2, Access::kFetch, Privilege::kSupervisor));
}

TEST_F(Riscv64Pmp, LowestMatchingEntryWinsAndMustCoverEveryByte) {
  set(0, mode(pmpcfg::kNapot), (0x8000'0000 >> 2) | (0x1000 / 8 - 1));  // no permissions
  set(1, mode(pmpcfg::kNapot) | pmpcfg::kR | pmpcfg::kW | pmpcfg::kX, ~u64{0} >> 10);  // all
  EXPECT_FALSE(allows(0x8000'0800, 8, Access::kLoad, Privilege::kSupervisor));
  EXPECT_TRUE(allows(0x8000'1000, 8, Access::kLoad, Privilege::kSupervisor));
  EXPECT_FALSE(allows(0x8000'0ffc, 8, Access::kLoad, Privilege::kSupervisor));  // straddles
}

TEST_F(Riscv64Pmp, MachineModeObeysLockedEntriesOnly) {
  set(0, mode(pmpcfg::kNapot) | pmpcfg::kR, (0x8000'0000 >> 2) | (0x1000 / 8 - 1));
  EXPECT_TRUE(allows(0x8000'0000, 8, Access::kStore, Privilege::kMachine));
  set(0, mode(pmpcfg::kNapot) | pmpcfg::kR | pmpcfg::kL, (0x8000'0000 >> 2) | (0x1000 / 8 - 1));
  EXPECT_FALSE(allows(0x8000'0000, 8, Access::kStore, Privilege::kMachine));
  EXPECT_TRUE(allows(0x8000'0000, 8, Access::kLoad, Privilege::kMachine));
}

}  // namespace
}  // namespace polyvm::guest::riscv64::mmu::testing
