// Guest RAM with page tables for the walker and MMU tests (PageTableWriter lays them out as
// Priv 1.12, 4.3-4.5 says).
#pragma once

#include <gtest/gtest.h>

#include <optional>

#include "guest/riscv64/mmu/page_table_writer.h"
#include "guest/riscv64/mmu/page_walker.h"
#include "guest/riscv64/mmu/pte.h"
#include "mem/physical_memory.h"

namespace polyvm::guest::riscv64::testing {

class MmuTest : public ::testing::Test {
 protected:
  static constexpr u64 kRam = 0x8000'0000;
  static constexpr u64 kRamSize = 16 << 20;
  static constexpr u64 kData = kRam + 0x10'0000;  ///< data pages; tables live below
  static constexpr u64 kRwxAd =
      mmu::pte::kV | mmu::pte::kR | mmu::pte::kW | mmu::pte::kX | mmu::pte::kA | mmu::pte::kD;

  void SetUp() override {
    ASSERT_TRUE(memory.add_ram(PAddr{kRam}, kRamSize));
    use_mode(mmu::SatpMode::kSv39);
  }

  /// Starts an empty page table for `mode`, its tables in the first MiB of RAM.
  void use_mode(mmu::SatpMode mode) {
    mode_ = mode;
    tables_.emplace(memory, mode, kRam, kData - kRam);
  }
  u64 satp(u16 asid = 0) const { return tables_->satp(asid); }
  u64 root() const { return tables_->root(); }
  u64 map(u64 vaddr, u64 paddr, u64 flags, unsigned level = 0) {
    return tables_->map(vaddr, paddr, flags, level);
  }
  u64& pte(u64 addr) { return tables_->pte(addr); }
  /// The root table's slot for `vaddr` (a pointer or a top-level leaf).
  u64 root_slot(u64 vaddr) const {
    return mmu::PageTableWriter::slot(root(), vaddr, mmu::satp::levels(mode_) - 1);
  }

  std::expected<mmu::Walk, mmu::Fault> walk(u64 vaddr, mem::Access access,
                                            mmu::AccessMode mode = {}) {
    return mmu::walk(memory, satp(), vaddr, access, mode);
  }

  mem::PhysicalMemory memory;

 private:
  mmu::SatpMode mode_ = mmu::SatpMode::kSv39;
  std::optional<mmu::PageTableWriter> tables_;
};

}  // namespace polyvm::guest::riscv64::testing
