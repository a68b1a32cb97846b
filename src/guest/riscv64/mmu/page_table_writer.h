// Writes Sv39/Sv48/Sv57 page tables into guest RAM as Priv 1.12, 4.3-4.5 lays them out, for
// tests, benchmarks and boards that prepare a mapping before the guest runs.
#pragma once

#include "core/types.h"
#include "guest/riscv64/mmu/pte.h"
#include "mem/physical_memory.h"

namespace polyvm::guest::riscv64::mmu {

/// Page tables allocated from a caller-reserved RAM area. Pointer PTEs get only V set; leaves
/// carry the caller's flags verbatim, so malformed entries can be written on purpose.
///
///   PageTableWriter tables(memory, SatpMode::kSv39, 0x8000'0000, 1 << 20);
///   tables.map(0x1000'0000, 0x8010'0000, pte::kV | pte::kR | pte::kA);
///   mmu.set_satp(tables.satp(asid));
class PageTableWriter {
 public:
  /// `area` and `area_size` are page-aligned and lie in RAM; the root table is allocated first.
  PageTableWriter(mem::PhysicalMemory& memory, SatpMode mode, u64 area, u64 area_size);

  u64 root() const { return root_; }
  u64 satp(u16 asid = 0) const { return satp::make(mode_, asid, root_ >> kPageShift); }

  /// Writes a leaf mapping `vaddr` to `paddr` at `level` (0: 4 KiB, 1: 2 MiB, 2: 1 GiB, ...),
  /// adding pointer PTEs as needed; returns the leaf PTE's physical address.
  u64 map(u64 vaddr, u64 paddr, u64 flags, unsigned level = 0);
  /// The physical address of the PTE slot that `vaddr` uses in the table at `table`, `level`.
  static u64 slot(u64 table, u64 vaddr, unsigned level) {
    return table + ((vaddr >> (kPageShift + kVpnBits * level)) & ((1u << kVpnBits) - 1)) * 8;
  }
  /// The PTE at physical address `addr` (8-aligned, in RAM).
  u64& pte(u64 addr);

 private:
  u64 allocate_table();

  mem::PhysicalMemory& memory_;
  SatpMode mode_;
  u64 next_table_;
  [[maybe_unused]] u64 area_end_;  // read only by an assert
  u64 root_;
};

}  // namespace polyvm::guest::riscv64::mmu
