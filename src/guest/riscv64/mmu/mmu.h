// One hart's address translation: the TLBs in front of the page walker, satp, and sfence.vma
// (Priv 1.12, 4.1.11, 4.2.1, 4.3.2).
#pragma once

#include <expected>
#include <optional>

#include "core/types.h"
#include "guest/riscv64/mmu/page_walker.h"
#include "mem/physical_memory.h"
#include "mem/tlb.h"

namespace polyvm::guest::riscv64::mmu {

/// Where a translated access goes: host memory, or the MMIO bus at `paddr`.
struct Target {
  u8* host = nullptr;  ///< RAM: the byte's host address; null for MMIO
  u64 paddr = 0;       ///< MMIO: the byte's physical address
};

/// Translation for one hart: TLB hit inline, walk and fill on a miss.
///
///   Mmu mmu(memory);
///   mmu.set_satp(satp::make(SatpMode::kSv39, asid, root_ppn));
///   auto target = mmu.translate(vaddr, mem::Access::kLoad, {Privilege::kSupervisor});
///   if (!target) take_trap(target.error());
///
/// The caller keeps accesses within one page (a page-crossing access translates twice).
class Mmu {
 public:
  explicit Mmu(const mem::PhysicalMemory& memory, u32 tlb_entries = mem::Tlb::kDefaultEntries)
      : memory_(memory), tlbs_(tlb_entries) {}

  u64 satp() const { return satp_; }
  /// A satp write (4.1.11): a reserved MODE leaves satp unchanged. A new address space drops
  /// the TLBs' non-global entries, so those always belong to the current ASID.
  void set_satp(u64 value);
  /// sfence.vma rs1, rs2 (4.2.1); nullopt stands for x0.
  void sfence_vma(std::optional<u64> vaddr, std::optional<u16> asid);

  /// The TLB context of an access: a hit is valid exactly when the context matches.
  u32 context(mem::Access access, AccessMode mode) const {
    if (mode.priv == Privilege::kMachine || satp::mode(satp_) == SatpMode::kBare) return kBare;
    u32 ctx = kValid | (mode.priv == Privilege::kUser ? kUser : 0);
    if (access != mem::Access::kFetch && mode.sum) ctx |= kSum;
    if (access == mem::Access::kLoad && mode.mxr) ctx |= kMxr;
    return ctx;
  }

  std::expected<Target, Fault> translate(u64 vaddr, mem::Access access, AccessMode mode) {
    const u32 ctx = context(access, mode);
    if (u8* host = tlbs_[access].find(vaddr, ctx)) [[likely]]
      return Target{host, 0};
    return translate_slow(vaddr, access, mode, ctx);
  }

  mem::TlbSet& tlbs() { return tlbs_; }
  const mem::TlbSet& tlbs() const { return tlbs_; }

 private:
  static constexpr u32 kValid = 1, kUser = 2, kSum = 4, kMxr = 8, kBare = 16 | kValid;

  std::expected<Target, Fault> translate_slow(u64 vaddr, mem::Access access, AccessMode mode,
                                              u32 ctx);

  const mem::PhysicalMemory& memory_;
  mem::TlbSet tlbs_;
  u64 satp_ = 0;
};

}  // namespace polyvm::guest::riscv64::mmu
