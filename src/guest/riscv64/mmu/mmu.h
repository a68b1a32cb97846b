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
///   mmu.set_modes({Privilege::kSupervisor}, {Privilege::kSupervisor, sum, mxr});
///   auto target = mmu.translate(vaddr, mem::Access::kLoad);
///   if (!target) take_trap(target.error());
///
/// The caller keeps accesses within one page (a page-crossing access translates twice).
class Mmu {
 public:
  explicit Mmu(const mem::PhysicalMemory& memory, u32 tlb_entries = mem::Tlb::kDefaultEntries)
      : memory_(memory), tlbs_(tlb_entries) {
    update_contexts();
  }

  u64 satp() const { return satp_; }
  /// A satp write (4.1.11): a reserved MODE leaves satp unchanged. A new address space drops
  /// the TLBs' non-global entries, so those always belong to the current ASID.
  void set_satp(u64 value);
  /// The effective privilege, SUM and MXR of fetches and of loads/stores; they differ under
  /// MPRV, which the caller applies (Priv 1.12, 3.1.6.3). Call on each change of either.
  void set_modes(AccessMode fetch, AccessMode data);
  /// sfence.vma rs1, rs2 (4.2.1); nullopt stands for x0.
  void sfence_vma(std::optional<u64> vaddr, std::optional<u16> asid);
  /// The hart's PMP registers, checked on every TLB fill (and on every access to a page whose
  /// protection is not uniform); call pmp_changed() after each write to them.
  void set_pmp(PmpView pmp) { pmp_ = pmp; }
  void pmp_changed() { tlbs_.flush_all(); }

  std::expected<Target, Fault> translate(u64 vaddr, mem::Access access) {
    const u32 ctx = contexts_[static_cast<u8>(access)];
    if (u8* host = tlbs_[access].find(vaddr, ctx)) [[likely]]
      return Target{host, 0};
    return translate_slow(vaddr, access);
  }

  /// The TLB context of `access` in the current modes: its hits are valid exactly there.
  u32 context(mem::Access access) const { return contexts_[static_cast<u8>(access)]; }
  mem::TlbSet& tlbs() { return tlbs_; }
  const mem::TlbSet& tlbs() const { return tlbs_; }

 private:
  // kBare: M-mode, or S/U with satp Bare (kBareLower marks those: PMP may treat them apart).
  static constexpr u32 kValid = 1, kUser = 2, kSum = 4, kMxr = 8, kBare = 16 | kValid,
                       kBareLower = 32;

  u32 make_context(mem::Access access) const;
  void update_contexts();
  const AccessMode& mode(mem::Access access) const {
    return access == mem::Access::kFetch ? fetch_mode_ : data_mode_;
  }
  std::expected<Target, Fault> translate_slow(u64 vaddr, mem::Access access);

  const mem::PhysicalMemory& memory_;
  mem::TlbSet tlbs_;
  u64 satp_ = 0;
  AccessMode fetch_mode_{Privilege::kMachine};  // harts reset in M-mode (Priv 1.12, 3.4)
  AccessMode data_mode_{Privilege::kMachine};
  u32 contexts_[3] = {};  ///< by mem::Access
  PmpView pmp_;
};

}  // namespace polyvm::guest::riscv64::mmu
