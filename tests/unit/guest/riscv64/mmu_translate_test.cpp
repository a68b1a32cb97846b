// The MMU with its TLBs: hits after a fill, the flushes of satp writes and sfence.vma (Priv 1.12,
// 4.1.11, 4.2.1) including global pages and superpages, bare mode and MMIO pages.
#include "guest/riscv64/mmu/mmu.h"

#include "mmu_fixture.h"

namespace polyvm::guest::riscv64::testing {
namespace {

using mem::Access;
using mmu::Cause;
using mmu::Privilege;
namespace pte = mmu::pte;

constexpr u64 kVa = 0x1000'0000;
constexpr mmu::AccessMode kS{Privilege::kSupervisor};

class Riscv64Mmu : public MmuTest {
 protected:
  void SetUp() override {
    MmuTest::SetUp();
    hart_mmu.set_satp(satp(7));
  }
  u8* host(u64 paddr) { return memory.ram(PAddr{paddr}, 1); }
  /// Global page kVa and non-global page kVa + 0x1000, loaded once (so cached) and then unmapped
  /// without a fence: what still translates comes from the TLB.
  void cache_then_unmap_global_and_local_pages() {
    const u64 global_leaf = map(kVa, kData, kRwxAd | pte::kG);
    const u64 local_leaf = map(kVa + 0x1000, kData + 0x1000, kRwxAd);
    ASSERT_TRUE(loads(kVa));
    ASSERT_TRUE(loads(kVa + 0x1000));
    pte(global_leaf) = pte(local_leaf) = 0;
  }
  /// Translates with `mode` as the effective mode of every access type.
  std::expected<mmu::Target, mmu::Fault> translate(u64 vaddr, Access access, mmu::AccessMode mode) {
    hart_mmu.set_modes(mode, mode);
    return hart_mmu.translate(vaddr, access);
  }
  bool loads(u64 vaddr, mmu::AccessMode mode = kS) {
    return translate(vaddr, Access::kLoad, mode).has_value();
  }

  mmu::Mmu hart_mmu{memory, 64};
};

/// Answers every read with its offset.
class EchoDevice : public mem::MmioDevice {
 public:
  std::optional<u64> read(u64 offset, unsigned) override { return offset; }
  bool write(u64, unsigned, u64) override { return true; }
};

TEST_F(Riscv64Mmu, TranslatesToTheHostByteOfTheGuestPage) {
  map(kVa, kData + 0x2000, kRwxAd);
  const auto t = translate(kVa + 0x123, Access::kStore, kS);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, host(kData + 0x2123));
}

TEST_F(Riscv64Mmu, SecondAccessHitsTheTlbWithoutWalking) {
  const u64 leaf = map(kVa, kData, kRwxAd);
  ASSERT_TRUE(loads(kVa));
  pte(leaf) = 0;  // without sfence.vma the cached translation may still be used (4.2.1)
  ASSERT_TRUE(loads(kVa + 8));
  EXPECT_EQ(hart_mmu.tlbs().load.stats().misses, 1u);
  EXPECT_EQ(hart_mmu.tlbs().load.stats().fills, 1u);
  hart_mmu.sfence_vma(kVa, std::nullopt);
  EXPECT_EQ(translate(kVa, Access::kLoad, kS).error(), (mmu::Fault{Cause::kLoadPageFault, kVa}));
}

TEST_F(Riscv64Mmu, EachAccessTypeFillsOnlyItsOwnTlb) {
  map(kVa, kData, kRwxAd);
  ASSERT_TRUE(translate(kVa, Access::kStore, kS));
  ASSERT_TRUE(translate(kVa, Access::kFetch, kS));
  EXPECT_EQ(hart_mmu.tlbs().load.stats().fills, 0u);
  ASSERT_TRUE(loads(kVa));
  ASSERT_TRUE(loads(kVa));
  EXPECT_EQ(hart_mmu.tlbs().load.stats().misses, 1u);
  EXPECT_EQ(hart_mmu.tlbs().stats().fills, 3u);
}

TEST_F(Riscv64Mmu, FaultsAreNotCached) {
  EXPECT_FALSE(loads(kVa));
  map(kVa, kData, kRwxAd);
  EXPECT_TRUE(loads(kVa));
}

TEST_F(Riscv64Mmu, StoreToACleanPageWalksAgainAndSetsD) {
  const u64 leaf = map(kVa, kData, pte::kV | pte::kR | pte::kW);
  ASSERT_TRUE(loads(kVa));
  EXPECT_EQ(pte(leaf) & pte::kD, 0u);
  ASSERT_TRUE(translate(kVa, Access::kStore, kS));
  EXPECT_NE(pte(leaf) & pte::kD, 0u);
}

TEST_F(Riscv64Mmu, SumAndPrivilegeChangesAreNotServedFromStaleEntries) {
  map(kVa, kData, kRwxAd | pte::kU);
  const mmu::AccessMode sum{Privilege::kSupervisor, true, false};
  EXPECT_TRUE(loads(kVa, sum));
  EXPECT_FALSE(loads(kVa, kS));
  EXPECT_TRUE(loads(kVa, {Privilege::kUser}));
  EXPECT_FALSE(translate(kVa, Access::kFetch, sum));
}

TEST_F(Riscv64Mmu, AsidFenceDropsNonGlobalEntriesOnly) {
  cache_then_unmap_global_and_local_pages();
  hart_mmu.sfence_vma(std::nullopt, u16{8});  // another address space: nothing to drop
  EXPECT_TRUE(loads(kVa + 0x1000));
  hart_mmu.sfence_vma(std::nullopt, u16{7});
  EXPECT_TRUE(loads(kVa));
  EXPECT_FALSE(loads(kVa + 0x1000));
  hart_mmu.sfence_vma(kVa, u16{7});  // address and ASID: global mappings are not ordered either
  EXPECT_TRUE(loads(kVa));
  hart_mmu.sfence_vma(std::nullopt, std::nullopt);
  EXPECT_FALSE(loads(kVa));
}

TEST_F(Riscv64Mmu, SatpWriteToAnotherAsidKeepsOnlyGlobalEntries) {
  cache_then_unmap_global_and_local_pages();
  hart_mmu.set_satp(satp(9));
  EXPECT_TRUE(loads(kVa));
  EXPECT_FALSE(loads(kVa + 0x1000));
}

TEST_F(Riscv64Mmu, AddressFenceDropsEveryPieceOfASuperpage) {
  const u64 leaf = map(0x20'0000, kRam + 0x60'0000, kRwxAd, 1);
  ASSERT_TRUE(loads(0x20'0000));
  ASSERT_TRUE(loads(0x21'0000));
  pte(leaf) = 0;
  hart_mmu.sfence_vma(0x3f'f000, std::nullopt);
  EXPECT_FALSE(loads(0x20'0000));
  EXPECT_FALSE(loads(0x21'0000));
}

TEST_F(Riscv64Mmu, ReservedSatpModesAreIgnored) {
  const u64 before = hart_mmu.satp();
  hart_mmu.set_satp(u64{5} << 60 | 0x1234);  // 1..7 are reserved (4.1.11, table 4.4)
  EXPECT_EQ(hart_mmu.satp(), before);
}

TEST_F(Riscv64Mmu, BareModeAndMachineModeUseThePhysicalAddress) {
  const mmu::AccessMode m{Privilege::kMachine};
  EXPECT_EQ(translate(kData + 4, Access::kLoad, m)->host, host(kData + 4));
  EXPECT_EQ(translate(0x1000, Access::kFetch, m).error(),
            (mmu::Fault{Cause::kFetchAccessFault, 0x1000}));
  hart_mmu.set_satp(0);
  EXPECT_EQ(translate(kData + 8, Access::kStore, kS)->host, host(kData + 8));
}

TEST_F(Riscv64Mmu, MappedPagesOutsideRamAndDevicesRaiseAccessFaults) {
  map(kVa, 0x4000'0000, kRwxAd);
  EXPECT_EQ(translate(kVa, Access::kStore, kS).error(),
            (mmu::Fault{Cause::kStoreAccessFault, kVa}));
}

TEST_F(Riscv64Mmu, MmioPagesTranslateToTheirPhysicalAddress) {
  EchoDevice device;
  ASSERT_TRUE(memory.add_device(PAddr{0x1000'0000}, 0x1000, device));
  map(kVa, 0x1000'0000, kRwxAd);
  for (int i = 0; i < 2; ++i) {
    const auto t = translate(kVa + 0x10, Access::kLoad, kS);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->host, nullptr);
    EXPECT_EQ(t->paddr, 0x1000'0010u);
  }
  EXPECT_EQ(hart_mmu.tlbs().load.stats().misses, 1u);
}

}  // namespace
}  // namespace polyvm::guest::riscv64::testing
