// The TLB's slow paths: probe on the way to a walk, fills, and the flushes sfence.vma and satp
// writes need (Priv 1.12, 4.2.1).
#include "mem/tlb.h"

#include <algorithm>
#include <bit>

namespace polyvm::mem {

Tlb::Tlb(u32 entries) : entries_(entries), meta_(entries), index_mask_(entries - 1) {
  assert(std::has_single_bit(entries));
}

TlbProbe Tlb::probe(u64 vaddr, u32 context) {
  const Entry& e = entries_[index(vaddr)];
  const u64 key = (vaddr & kPageMask) | context;
  if (e.tag == key) return {TlbProbe::Kind::kRam, find(vaddr, context), 0};
  if (e.tag == (key | kMmioBit)) return {TlbProbe::Kind::kMmio, nullptr, vaddr + e.addend};
  ++stats_.misses;
  return {};
}

void Tlb::fill(const TlbFill& fill) {
  assert(fill.context > 0 && fill.context < kContexts);
  assert(fill.page_shift >= kPageBits && fill.page_shift < 64);
  const u64 page = fill.vaddr & kPageMask;
  const u32 i = index(page);
  if (fill.host) {
    // SAFETY: find() adds this back to an address in the same page, so it stays in that host page.
    entries_[i] = {page | fill.context, reinterpret_cast<u64>(fill.host) - page};
  } else {
    entries_[i] = {page | fill.context | kMmioBit, (fill.paddr & kPageMask) - page};
  }
  meta_[i] = {static_cast<u8>(fill.page_shift), fill.global};
  if (fill.page_shift > kPageBits) {
    const u64 size_mask = (u64{1} << fill.page_shift) - 1;
    superpage_lo_ = std::min(superpage_lo_, page & ~size_mask);
    superpage_hi_ = std::max(superpage_hi_, page | size_mask);
  }
  ++stats_.fills;
}

void Tlb::flush_all() {
  std::fill(entries_.begin(), entries_.end(), Entry{});
  superpage_lo_ = ~u64{0};
  superpage_hi_ = 0;
  ++stats_.flushes;
}

void Tlb::flush_non_global() {
  for (u32 i = 0; i < entries_.size(); ++i) {
    if (!meta_[i].global) clear(i);
  }
  ++stats_.flushes;
}

// Priv 1.12, 4.2.1: sfence.vma with an address orders accesses to the leaf PTE mapping it, so
// every cached piece of a superpage containing the address goes too.
void Tlb::flush_page_if(u64 vaddr, bool global_too) {
  ++stats_.flushes;
  const u32 slot = index(vaddr);
  if ((entries_[slot].tag & kPageMask) == (vaddr & kPageMask) &&
      (global_too || !meta_[slot].global)) {
    clear(slot);
  }
  if (vaddr < superpage_lo_ || vaddr > superpage_hi_) return;
  for (u32 i = 0; i < entries_.size(); ++i) {
    const bool covers = ((entries_[i].tag ^ vaddr) >> meta_[i].page_shift) == 0;
    if (entries_[i].tag != 0 && covers && (global_too || !meta_[i].global)) clear(i);
  }
}

void TlbSet::flush_all() {
  for (Tlb* t : {&fetch, &load, &store}) t->flush_all();
}

void TlbSet::flush_page(u64 vaddr) {
  for (Tlb* t : {&fetch, &load, &store}) t->flush_page(vaddr);
}

void TlbSet::flush_page_non_global(u64 vaddr) {
  for (Tlb* t : {&fetch, &load, &store}) t->flush_page_non_global(vaddr);
}

void TlbSet::flush_non_global() {
  for (Tlb* t : {&fetch, &load, &store}) t->flush_non_global();
}

TlbStats TlbSet::stats() const {
  TlbStats sum;
  for (const Tlb* t : {&fetch, &load, &store}) sum += t->stats();
  return sum;
}

}  // namespace polyvm::mem
