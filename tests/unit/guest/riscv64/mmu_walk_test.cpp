// The page walker against Priv 1.12, 4.3.2's algorithm: leaves at every level, each page-fault
// condition with its cause and tval, A/D updates, and the U/SUM/MXR permission rules.
#include "mmu_fixture.h"

namespace polyvm::guest::riscv64::testing {
namespace {

using mem::Access;
using mmu::Cause;
using mmu::Fault;
using mmu::Privilege;
namespace pte = mmu::pte;

constexpr u64 kVa = 0x12'3456'7000;  // a canonical Sv39 address (bit 38 clear)
constexpr u64 kR = pte::kV | pte::kR | pte::kA;
constexpr mmu::AccessMode kUser{Privilege::kUser};

using Riscv64MmuWalk = MmuTest;

TEST_F(Riscv64MmuWalk, Sv39LeafKeepsThePageOffset) {
  map(kVa, kData, kRwxAd);
  const auto w = walk(kVa + 0x9a8, Access::kLoad);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->paddr, kData + 0x9a8);
  EXPECT_EQ(w->page_shift, 12);
  EXPECT_FALSE(w->global);
}

TEST_F(Riscv64MmuWalk, Sv48AndSv57WalkFourAndFiveLevels) {
  // Bits above Sv39's range: vpn[3] (Sv48) and vpn[4] (Sv57) pick the top-level slot.
  use_mode(mmu::SatpMode::kSv48);
  const u64 va48 = 0x7f12'3456'7000;
  map(va48, kData + 0x3000, kRwxAd);
  ASSERT_TRUE(walk(va48 + 8, Access::kStore));
  EXPECT_EQ(walk(va48 + 8, Access::kStore)->paddr, kData + 0x3008);
  use_mode(mmu::SatpMode::kSv57);
  const u64 va57 = 0xab'cdef'1234'5000;
  map(va57, kData + 0x5000, kRwxAd);
  EXPECT_EQ(walk(va57 + 1, Access::kFetch)->paddr, kData + 0x5001);
}

TEST_F(Riscv64MmuWalk, SuperpagesTakeTheLowVpnFromTheAddress) {
  // 4.3.2 step 8: pa.ppn[i-1:0] = va.vpn[i-1:0] for a leaf at level i.
  map(0x4000'0000, 0x2'0000'0000, kRwxAd, 2);   // 1 GiB, outside RAM is fine for a walk
  map(0x20'0000, kRam + 0x60'0000, kRwxAd, 1);  // 2 MiB
  const auto giga = walk(0x4123'4567, Access::kLoad);
  ASSERT_TRUE(giga);
  EXPECT_EQ(giga->paddr, 0x2'0123'4567u);
  EXPECT_EQ(giga->page_shift, 30);
  const auto mega = walk(0x3f'fffc, Access::kLoad);
  ASSERT_TRUE(mega);
  EXPECT_EQ(mega->paddr, kRam + 0x7f'fffc);
  EXPECT_EQ(mega->page_shift, 21);
}

TEST_F(Riscv64MmuWalk, MisalignedSuperpagesFault) {
  // Step 6: a leaf at level i > 0 with ppn[i-1:0] != 0.
  map(0x20'0000, kRam + 0x60'1000, kRwxAd, 1);
  map(0x4000'0000, 0x2'0020'0000, kRwxAd, 2);
  EXPECT_EQ(walk(0x20'0010, Access::kLoad).error(), (Fault{Cause::kLoadPageFault, 0x20'0010}));
  EXPECT_EQ(walk(0x4000'0000, Access::kStore).error(),
            (Fault{Cause::kStorePageFault, 0x4000'0000}));
}

TEST_F(Riscv64MmuWalk, FaultCauseFollowsTheAccessTypeWithTheAddressAsTval) {
  // Nothing mapped: the root slot is invalid (step 3).
  EXPECT_EQ(walk(kVa + 5, Access::kFetch).error(), (Fault{Cause::kFetchPageFault, kVa + 5}));
  EXPECT_EQ(walk(kVa + 6, Access::kLoad).error(), (Fault{Cause::kLoadPageFault, kVa + 6}));
  EXPECT_EQ(walk(kVa + 7, Access::kStore).error(), (Fault{Cause::kStorePageFault, kVa + 7}));
}

TEST_F(Riscv64MmuWalk, MalformedLeavesFault) {
  const u64 leaf = map(kVa, kData, pte::kV | pte::kW | pte::kA | pte::kD);  // W without R
  EXPECT_FALSE(walk(kVa, Access::kLoad));
  pte(leaf) = pte::make(kData >> 12, kRwxAd & ~pte::kV);  // not valid
  EXPECT_FALSE(walk(kVa, Access::kLoad));
  pte(leaf) = pte::make(kData >> 12, kRwxAd) | u64{1} << 54;  // reserved bit
  EXPECT_FALSE(walk(kVa, Access::kLoad));
  pte(leaf) = pte::make(kData >> 12, kRwxAd) | u64{1} << 63;  // N without Svnapot
  EXPECT_FALSE(walk(kVa, Access::kLoad));
  pte(leaf) = pte::make(kData >> 12, kRwxAd);
  EXPECT_TRUE(walk(kVa, Access::kLoad));
}

TEST_F(Riscv64MmuWalk, PointersWithADOrUBitsFault) {
  // 4.3.1: D, A and U are reserved in non-leaf PTEs.
  map(kVa, kData, kRwxAd);
  const u64 top = root_slot(kVa);
  for (u64 bit : {pte::kA, pte::kD, pte::kU}) {
    pte(top) |= bit;
    EXPECT_FALSE(walk(kVa, Access::kLoad)) << bit;
    pte(top) &= ~bit;
  }
  EXPECT_TRUE(walk(kVa, Access::kLoad));
}

TEST_F(Riscv64MmuWalk, APointerAtTheLastLevelFaults) {
  map(kVa, kData, pte::kV);  // step 4: i < 0
  EXPECT_EQ(walk(kVa, Access::kLoad).error(), (Fault{Cause::kLoadPageFault, kVa}));
}

TEST_F(Riscv64MmuWalk, NonCanonicalAddressesFault) {
  // 4.3.1: bits 63..39 must equal bit 38.
  map(0x40'0000'0000 - 4096, kData, kRwxAd);
  EXPECT_TRUE(walk(0x40'0000'0000 - 4096, Access::kLoad));
  const u64 bad = 0x80'0000'0000 - 4096;  // bit 38 set, bits 63..39 clear
  EXPECT_EQ(walk(bad, Access::kLoad).error(), (Fault{Cause::kLoadPageFault, bad}));
  map(0xffff'ffc0'0000'0000, kData, kRwxAd);  // the top half, sign-extended
  EXPECT_TRUE(walk(0xffff'ffc0'0000'0000, Access::kLoad));
}

TEST_F(Riscv64MmuWalk, PageTablesOutsideRamRaiseAccessFaults) {
  // Step 2: a PTE address that is not memory fails its PMA check.
  const u64 far_root = mmu::satp::make(mmu::SatpMode::kSv39, 0, 0x1000);
  EXPECT_EQ(mmu::walk(memory, far_root, kVa, Access::kStore, {}).error(),
            (Fault{Cause::kStoreAccessFault, kVa}));
  EXPECT_EQ(mmu::walk(memory, far_root, kVa, Access::kFetch, {}).error().cause,
            Cause::kFetchAccessFault);
}

/// Reads as zero: a page table here would hold only invalid PTEs, were it memory.
class ZeroDevice : public mem::MmioDevice {
 public:
  std::optional<u64> read(u64, unsigned) override { return 0; }
  bool write(u64, unsigned, u64) override { return true; }
};

TEST_F(Riscv64MmuWalk, PageTablesInMmioRaiseAccessFaults) {
  ZeroDevice device;
  ASSERT_TRUE(memory.add_device(PAddr{0x1000'0000}, 0x1000, device));
  const u64 mmio_root = mmu::satp::make(mmu::SatpMode::kSv39, 0, 0x1000'0000 >> 12);
  EXPECT_EQ(mmu::walk(memory, mmio_root, kVa, Access::kLoad, {}).error(),
            (Fault{Cause::kLoadAccessFault, kVa}));
}

TEST_F(Riscv64MmuWalk, AccessSetsAAndStoresSetD) {
  const u64 leaf = map(kVa, kData, pte::kV | pte::kR | pte::kW);
  ASSERT_TRUE(walk(kVa, Access::kLoad));
  EXPECT_EQ(pte(leaf) & (pte::kA | pte::kD), pte::kA);
  ASSERT_TRUE(walk(kVa, Access::kStore));
  EXPECT_EQ(pte(leaf) & (pte::kA | pte::kD), pte::kA | pte::kD);
  EXPECT_EQ(pte::ppn(pte(leaf)), kData >> 12);
}

TEST_F(Riscv64MmuWalk, FaultingAccessesLeaveAAndDClear) {
  const u64 leaf = map(kVa, kData, pte::kV | pte::kR);
  EXPECT_FALSE(walk(kVa, Access::kStore));
  EXPECT_FALSE(walk(kVa, Access::kFetch));
  EXPECT_EQ(pte(leaf) & (pte::kA | pte::kD), 0u);
}

TEST_F(Riscv64MmuWalk, PermissionsFollowRWX) {
  map(kVa, kData, pte::kV | pte::kR | pte::kA | pte::kD);
  EXPECT_TRUE(walk(kVa, Access::kLoad));
  EXPECT_EQ(walk(kVa, Access::kStore).error().cause, Cause::kStorePageFault);
  EXPECT_EQ(walk(kVa, Access::kFetch).error().cause, Cause::kFetchPageFault);
  map(kVa, kData, pte::kV | pte::kX | pte::kA);
  EXPECT_TRUE(walk(kVa, Access::kFetch));
  EXPECT_EQ(walk(kVa, Access::kLoad).error().cause, Cause::kLoadPageFault);
}

TEST_F(Riscv64MmuWalk, MxrMakesExecuteOnlyPagesReadable) {
  map(kVa, kData, pte::kV | pte::kX | pte::kA);
  EXPECT_TRUE(walk(kVa, Access::kLoad, {Privilege::kSupervisor, false, true}));
  EXPECT_FALSE(walk(kVa, Access::kStore, {Privilege::kSupervisor, false, true}));
}

TEST_F(Riscv64MmuWalk, UserPagesFromSupervisorNeedSumAndNeverExecute) {
  map(kVa, kData, kRwxAd | pte::kU);
  const mmu::AccessMode sum{Privilege::kSupervisor, true, false};
  EXPECT_EQ(walk(kVa, Access::kLoad).error().cause, Cause::kLoadPageFault);
  EXPECT_EQ(walk(kVa, Access::kStore).error().cause, Cause::kStorePageFault);
  EXPECT_TRUE(walk(kVa, Access::kLoad, sum));
  EXPECT_TRUE(walk(kVa, Access::kStore, sum));
  EXPECT_EQ(walk(kVa, Access::kFetch, sum).error().cause, Cause::kFetchPageFault);
  EXPECT_TRUE(walk(kVa, Access::kFetch, kUser));
}

TEST_F(Riscv64MmuWalk, UserModeCannotTouchSupervisorPages) {
  map(kVa, kData, kRwxAd);
  for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
    EXPECT_FALSE(walk(kVa, a, kUser));
    EXPECT_FALSE(walk(kVa, a, {Privilege::kUser, true, true}));
  }
}

TEST_F(Riscv64MmuWalk, GlobalBitIsInheritedFromPointers) {
  const u64 top = root_slot(kVa);
  const u64 leaf = map(kVa, kData, kRwxAd | pte::kG);
  EXPECT_TRUE(walk(kVa, Access::kLoad)->global);
  pte(leaf) &= ~pte::kG;
  EXPECT_FALSE(walk(kVa, Access::kLoad)->global);
  pte(top) |= pte::kG;
  EXPECT_TRUE(walk(kVa, Access::kLoad)->global);
}

}  // namespace
}  // namespace polyvm::guest::riscv64::testing
