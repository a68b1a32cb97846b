// The software TLB on its own: hits only for the filled page and context, MMIO entries off the
// fast path, and the flushes sfence.vma needs (Priv 1.12, 4.2.1).
#include "mem/tlb.h"

#include <gtest/gtest.h>

#include <array>

namespace polyvm::mem {
namespace {

constexpr u32 kCtx = 1;
constexpr u32 kOtherCtx = 3;

class TlbTest : public ::testing::Test {
 protected:
  Tlb tlb{64};
  alignas(4096) std::array<u8, 3 * 4096> ram{};

  void fill_ram(u64 vaddr, int page, bool global = false, u8 shift = 12) {
    tlb.fill({vaddr, kCtx, ram.data() + page * 4096, 0, shift, global});
  }
};

TEST_F(TlbTest, EmptyTlbMissesEverywhere) {
  EXPECT_EQ(tlb.find(0, kCtx), nullptr);
  EXPECT_EQ(tlb.find(0x1234'5000, kCtx), nullptr);
  EXPECT_EQ(tlb.probe(0, kCtx).kind, TlbProbe::Kind::kMiss);
  EXPECT_EQ(tlb.stats().misses, 1u);
}

TEST_F(TlbTest, FilledPageHitsWithItsOffsetAndOnlyForItsContext) {
  fill_ram(0x4000'1000, 1);
  EXPECT_EQ(tlb.find(0x4000'1abc, kCtx), ram.data() + 4096 + 0xabc);
  EXPECT_EQ(tlb.find(0x4000'1000, kCtx), ram.data() + 4096);
  EXPECT_EQ(tlb.find(0x4000'1abc, kOtherCtx), nullptr);
  EXPECT_EQ(tlb.find(0x4000'2000, kCtx), nullptr);
  EXPECT_EQ(tlb.stats().fills, 1u);
}

TEST_F(TlbTest, PagesSharingASlotEvictEachOther) {
  const u64 a = 0x10'0000;
  const u64 b = a + 64 * 4096;  // same index in a 64-entry TLB
  fill_ram(a, 0);
  fill_ram(b, 1);
  EXPECT_EQ(tlb.find(a, kCtx), nullptr);
  EXPECT_EQ(tlb.find(b, kCtx), ram.data() + 4096);
}

TEST_F(TlbTest, MmioPagesMissTheFastPathButProbeFindsThem) {
  tlb.fill({0x7000'0000, kCtx, nullptr, 0x1000'0000, 12, false});
  EXPECT_EQ(tlb.find(0x7000'0010, kCtx), nullptr);
  const TlbProbe p = tlb.probe(0x7000'0010, kCtx);
  EXPECT_EQ(p.kind, TlbProbe::Kind::kMmio);
  EXPECT_EQ(p.paddr, 0x1000'0010u);
  EXPECT_EQ(tlb.stats().misses, 0u);
}

TEST_F(TlbTest, FlushPageDropsOnlyThatPage) {
  fill_ram(0x1000, 0);
  fill_ram(0x2000, 1);
  tlb.flush_page(0x1fff);
  EXPECT_EQ(tlb.find(0x1000, kCtx), nullptr);
  EXPECT_NE(tlb.find(0x2000, kCtx), nullptr);
}

TEST_F(TlbTest, FlushPageOfASuperpageDropsAllItsPieces) {
  // Two 4 KiB pieces of one 2 MiB mapping, flushed through an address in a third piece.
  fill_ram(0x20'0000, 0, false, 21);
  fill_ram(0x20'1000, 1, false, 21);
  fill_ram(0x40'0000, 2);
  tlb.flush_page(0x3f'f000);
  EXPECT_EQ(tlb.find(0x20'0000, kCtx), nullptr);
  EXPECT_EQ(tlb.find(0x20'1000, kCtx), nullptr);
  EXPECT_NE(tlb.find(0x40'0000, kCtx), nullptr);
}

TEST_F(TlbTest, NonGlobalFlushesKeepGlobalEntries) {
  fill_ram(0x1000, 0, true);
  fill_ram(0x2000, 1, false);
  tlb.flush_non_global();
  EXPECT_NE(tlb.find(0x1000, kCtx), nullptr);
  EXPECT_EQ(tlb.find(0x2000, kCtx), nullptr);
  tlb.flush_page_non_global(0x1000);
  EXPECT_NE(tlb.find(0x1000, kCtx), nullptr);
  tlb.flush_page(0x1000);
  EXPECT_EQ(tlb.find(0x1000, kCtx), nullptr);
}

TEST_F(TlbTest, FlushAllEmptiesAndCountsFlushes) {
  fill_ram(0x1000, 0, true);
  tlb.flush_all();
  EXPECT_EQ(tlb.find(0x1000, kCtx), nullptr);
  tlb.flush_page(0x1000);
  EXPECT_EQ(tlb.stats().flushes, 2u);
}

TEST(TlbSetTest, FlushesReachAllThreeAccessTypes) {
  TlbSet set(16);
  alignas(4096) static u8 page[4096];
  for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
    set[a].fill({0x5000, kCtx, page, 0, 12, false});
  }
  set.flush_page(0x5000);
  for (Access a : {Access::kFetch, Access::kLoad, Access::kStore}) {
    EXPECT_EQ(set[a].find(0x5000, kCtx), nullptr);
  }
  EXPECT_EQ(set.stats().fills, 3u);
  EXPECT_EQ(set.stats().flushes, 3u);
}

}  // namespace
}  // namespace polyvm::mem
