// Sv39/Sv48/Sv57 translation, step by step as Priv 1.12, 4.3.2 gives it (4.4 and 4.5 only add
// levels).
#include "guest/riscv64/mmu/page_walker.h"

#include <atomic>

namespace polyvm::guest::riscv64::mmu {

namespace {

using mem::Access;

// 4.3.1 and 3.1.6.3: the U bit, SUM and MXR against the access type and effective privilege.
bool permitted(u64 leaf, Access access, const AccessMode& mode) {
  const bool user_page = (leaf & pte::kU) != 0;
  if (mode.priv == Privilege::kUser && !user_page) return false;
  if (mode.priv == Privilege::kSupervisor && user_page && (access == Access::kFetch || !mode.sum)) {
    return false;
  }
  switch (access) {
    case Access::kFetch:
      return (leaf & pte::kX) != 0;
    case Access::kLoad:
      return (leaf & pte::kR) != 0 || (mode.mxr && (leaf & pte::kX) != 0);
    case Access::kStore:
      return (leaf & pte::kW) != 0;
  }
  return false;
}

// 4.3.1: virtual addresses must be sign-extended from the top translated bit.
bool canonical(u64 vaddr, unsigned levels) {
  const unsigned va_bits = kPageShift + kVpnBits * levels;
  const s64 extended = static_cast<s64>(vaddr << (64 - va_bits)) >> (64 - va_bits);
  return static_cast<u64>(extended) == vaddr;
}

// Step 3: invalid, W without R, or reserved bits; for pointers also D, A and U (reserved in
// non-leaf PTEs, 4.3.1).
bool malformed(u64 entry) {
  if (!(entry & pte::kV) || (!(entry & pte::kR) && (entry & pte::kW))) return true;
  if (entry & pte::kReserved) return true;
  const bool pointer = !(entry & (pte::kR | pte::kX));
  return pointer && (entry & (pte::kD | pte::kA | pte::kU));
}

}  // namespace

Cause page_fault_cause(Access access) {
  switch (access) {
    case Access::kFetch:
      return Cause::kFetchPageFault;
    case Access::kLoad:
      return Cause::kLoadPageFault;
    case Access::kStore:
      return Cause::kStorePageFault;
  }
  return Cause::kLoadPageFault;
}

Cause access_fault_cause(Access access) {
  switch (access) {
    case Access::kFetch:
      return Cause::kFetchAccessFault;
    case Access::kLoad:
      return Cause::kLoadAccessFault;
    case Access::kStore:
      return Cause::kStoreAccessFault;
  }
  return Cause::kLoadAccessFault;
}

std::expected<Walk, Fault> walk(const mem::PhysicalMemory& memory, u64 satp, u64 vaddr,
                                Access access, const AccessMode& mode, UpdateAd update_ad,
                                const PmpView& pmp) {
  const unsigned levels = satp::levels(satp::mode(satp));
  const Fault page_fault{page_fault_cause(access), vaddr};
  if (!canonical(vaddr, levels)) return std::unexpected(page_fault);
  u64 table = satp::ppn(satp) << kPageShift;  // step 1
  bool global = false;
  for (int level = static_cast<int>(levels) - 1; level >= 0; --level) {
    const unsigned shift = kPageShift + kVpnBits * level;
    const u64 pte_addr = table + ((vaddr >> shift) & ((1u << kVpnBits) - 1)) * 8;
    u8* host = memory.ram(PAddr{pte_addr}, 8);  // step 2: PTEs live in RAM or it is a PMA fault
    if (!host || !pmp_allows(pmp, pte_addr, 8, Access::kLoad, Privilege::kSupervisor)) {
      return std::unexpected(Fault{access_fault_cause(access), vaddr});
    }
    // SAFETY: an 8-byte-aligned host address inside a RAM region; other harts update PTEs too,
    // hence the atomic view.
    std::atomic_ref<u64> slot(*reinterpret_cast<u64*>(host));
    u64 entry = slot.load(std::memory_order_acquire);
    for (;;) {
      if (malformed(entry)) return std::unexpected(page_fault);  // step 3
      global = global || (entry & pte::kG);
      if (!(entry & (pte::kR | pte::kX))) break;  // step 4: a pointer to the next level
      if (!permitted(entry, access, mode)) return std::unexpected(page_fault);  // step 5
      const u64 superpage_ppn_mask = (u64{1} << (kVpnBits * level)) - 1;
      if (pte::ppn(entry) & superpage_ppn_mask) return std::unexpected(page_fault);  // step 6
      // Step 7: set A, and D for stores, only if the PTE is unchanged; else re-read it (step 2).
      const u64 updated = entry | pte::kA | (access == Access::kStore ? pte::kD : 0);
      if (update_ad == UpdateAd::kYes && updated != entry &&
          !slot.compare_exchange_strong(entry, updated)) {
        continue;
      }
      const u64 offset_mask = (u64{1} << shift) - 1;  // step 8
      return Walk{((pte::ppn(entry) << kPageShift) & ~offset_mask) | (vaddr & offset_mask),
                  static_cast<u8>(shift), global};
    }
    table = pte::ppn(entry) << kPageShift;
  }
  return std::unexpected(page_fault);  // step 4: a pointer at level 0
}

}  // namespace polyvm::guest::riscv64::mmu
