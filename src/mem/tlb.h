// System mode's software TLB: a virtual page -> host address cache whose hit is a shift, a mask,
// a compare and an add, so translation costs the same at any working-set size.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "core/types.h"

namespace polyvm::mem {

/// The three kinds of access; each has its own TLB because each has its own permission.
enum class Access : u8 { kFetch, kLoad, kStore };

/// Counters kept where they cost nothing on the hit path: misses, fills and flushes are counted
/// in the slow paths; hits are added in bulk by the caller (add_hits), because an increment per
/// hit is a store-forwarding chain: measured 1.02 -> 1.3-1.4 ns per hit in mmu_translate.
struct TlbStats {
  u64 hits = 0;
  u64 misses = 0;
  u64 fills = 0;
  u64 flushes = 0;  ///< flush calls of any kind

  TlbStats& operator+=(const TlbStats& more) {
    hits += more.hits;
    misses += more.misses;
    fills += more.fills;
    flushes += more.flushes;
    return *this;
  }
};

/// What a fill caches: a RAM page (host address) or an MMIO page (physical address for the bus).
struct TlbFill {
  u64 vaddr = 0;       ///< any address in the page
  u32 context = 1;     ///< the lookup context the entry answers to, in [1, Tlb::kContexts)
  u8* host = nullptr;  ///< RAM: host address of the page start; null for MMIO
  u64 paddr = 0;       ///< MMIO: physical address of the page start
  // unsigned, not u8: a byte next to `global` gets loaded with it as one word, a store-forwarding
  // stall that cost 25% of a miss.
  unsigned page_shift = 12;  ///< log2 of the leaf mapping's size (superpages flush as a whole)
  bool global = false;       ///< survives flush_non_global() (Priv 1.12, 4.3.1: G bit)
};

/// The result of a probe that did not take the RAM fast path.
struct TlbProbe {
  enum class Kind : u8 { kMiss, kRam, kMmio } kind = Kind::kMiss;
  u8* host = nullptr;  ///< kRam: host address of the byte
  u64 paddr = 0;       ///< kMmio: physical address of the byte
};

/// A direct-mapped TLB for one access type of one hart.
///
/// An entry's tag is the page's virtual address with a small lookup context in the low 12 bits
/// (the page offset bits, free in a page address). The context stands for everything besides the
/// page that decides a translation's permission (privilege, SUM, MXR, bare mode), so a hit needs
/// no permission check; the caller picks it. Context 0 marks an empty entry. Bit 11 of the tag
/// marks MMIO pages: their tag never equals a lookup key, so the RAM fast path stays one compare
/// and probe() finds them on the way to the slow path. Non-canonical addresses never match,
/// because the walker only fills canonical ones.
///
/// ASIDs are not in the tag: the owner flushes non-global entries when the address space
/// changes, so every non-global entry belongs to the current ASID (flush_non_global()).
class Tlb {
 public:
  static constexpr unsigned kPageBits = 12;
  static constexpr u64 kPageSize = u64{1} << kPageBits;
  static constexpr u64 kPageMask = ~(kPageSize - 1);
  static constexpr u64 kMmioBit = u64{1} << 11;
  static constexpr u32 kContexts = 1u << 11;
  static constexpr u32 kDefaultEntries = 1024;

  /// `entries` is a power of two.
  explicit Tlb(u32 entries = kDefaultEntries);

  u32 capacity() const { return static_cast<u32>(entries_.size()); }

  /// The hit path: the host address of `vaddr` if its page is cached as RAM for `context`,
  /// else null. The caller makes sure the access does not cross the page.
  u8* find(u64 vaddr, u32 context) const {
    const Entry& e = entries_[(vaddr >> kPageBits) & index_mask_];
    if (e.tag != ((vaddr & kPageMask) | context)) [[unlikely]]
      return nullptr;
    // SAFETY: the addend was made from a host RAM page of the same size as the guest page.
    return reinterpret_cast<u8*>(vaddr + e.addend);
  }

  /// The slow half of a lookup: RAM, MMIO or a miss (counted).
  TlbProbe probe(u64 vaddr, u32 context);

  /// Caches one translation, replacing whatever shared its slot.
  void fill(const TlbFill& fill);

  void flush_all();
  /// Drops every entry whose mapping covers `vaddr` (a superpage's 4 KiB pieces included).
  void flush_page(u64 vaddr) { flush_page_if(vaddr, true); }
  /// flush_page() that keeps global entries.
  void flush_page_non_global(u64 vaddr) { flush_page_if(vaddr, false); }
  /// Drops every entry but the global ones.
  void flush_non_global();

  const TlbStats& stats() const { return stats_; }
  /// Lets the caller record hits it counted in bulk (e.g. instructions fetched from one page).
  void add_hits(u64 count) { stats_.hits += count; }

 private:
  struct Entry {
    u64 tag = 0;
    u64 addend = 0;  ///< host (RAM) or physical (MMIO) address minus virtual address
  };
  struct Meta {
    u8 page_shift = kPageBits;
    bool global = false;
  };

  u32 index(u64 vaddr) const { return static_cast<u32>((vaddr >> kPageBits) & index_mask_); }
  void flush_page_if(u64 vaddr, bool global_too);
  void clear(u32 i) { entries_[i].tag = 0; }

  std::vector<Entry> entries_;
  std::vector<Meta> meta_;  ///< cold: read by flushes only
  u64 index_mask_;
  // The virtual range [superpage_lo_, superpage_hi_] holds every cached superpage, so a page
  // flush outside it touches one slot only.
  u64 superpage_lo_ = ~u64{0};
  u64 superpage_hi_ = 0;
  TlbStats stats_;
};

/// One hart's TLBs, one per access type.
struct TlbSet {
  Tlb fetch;
  Tlb load;
  Tlb store;

  explicit TlbSet(u32 entries = Tlb::kDefaultEntries)
      : fetch(entries), load(entries), store(entries) {}

  Tlb& operator[](Access access) {
    return access == Access::kFetch ? fetch : access == Access::kLoad ? load : store;
  }
  void flush_all();
  void flush_page(u64 vaddr);
  void flush_page_non_global(u64 vaddr);
  void flush_non_global();
  /// The three TLBs' counters summed.
  TlbStats stats() const;
};

}  // namespace polyvm::mem
