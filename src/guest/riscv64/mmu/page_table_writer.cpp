// Page-table construction in guest RAM: a bump allocator for tables and the walk down to a leaf.
#include "guest/riscv64/mmu/page_table_writer.h"

#include <cassert>
#include <cstring>

namespace polyvm::guest::riscv64::mmu {

PageTableWriter::PageTableWriter(mem::PhysicalMemory& memory, SatpMode mode, u64 area,
                                 u64 area_size)
    : memory_(memory), mode_(mode), next_table_(area), area_end_(area + area_size) {
  assert(satp::levels(mode) > 0);
  root_ = allocate_table();
}

u64 PageTableWriter::allocate_table() {
  assert(next_table_ + (u64{1} << kPageShift) <= area_end_);
  const u64 table = next_table_;
  next_table_ += u64{1} << kPageShift;
  u8* host = memory_.ram(PAddr{table}, u64{1} << kPageShift);
  assert(host);
  std::memset(host, 0, u64{1} << kPageShift);
  return table;
}

u64 PageTableWriter::map(u64 vaddr, u64 paddr, u64 flags, unsigned level) {
  u64 table = root_;
  for (unsigned i = satp::levels(mode_) - 1; i > level; --i) {
    u64& entry = pte(slot(table, vaddr, i));
    if (entry == 0) entry = pte::make(allocate_table() >> kPageShift, pte::kV);
    table = pte::ppn(entry) << kPageShift;
  }
  const u64 leaf = slot(table, vaddr, level);
  pte(leaf) = pte::make(paddr >> kPageShift, flags);
  return leaf;
}

u64& PageTableWriter::pte(u64 addr) {
  u8* host = memory_.ram(PAddr{addr}, 8);
  assert(host && addr % 8 == 0);
  // SAFETY: an 8-aligned host address inside a RAM region.
  return *reinterpret_cast<u64*>(host);
}

}  // namespace polyvm::guest::riscv64::mmu
