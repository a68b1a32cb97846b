// The MMU's slow path (walk, then fill the TLB) and the flushes satp writes and sfence.vma ask
// for.
#include "guest/riscv64/mmu/mmu.h"

namespace polyvm::guest::riscv64::mmu {

void Mmu::set_satp(u64 value) {
  const SatpMode mode = satp::mode(value);
  if (mode != SatpMode::kBare && satp::levels(mode) == 0) return;  // WARL: the write is ignored
  if (value != satp_) tlbs_.flush_non_global();
  satp_ = value;
  update_contexts();
}

void Mmu::set_modes(AccessMode fetch, AccessMode data) {
  fetch_mode_ = fetch;
  data_mode_ = data;
  update_contexts();
}

u32 Mmu::make_context(mem::Access access) const {
  const AccessMode& m = mode(access);
  if (m.priv == Privilege::kMachine) return kBare;
  if (satp::mode(satp_) == SatpMode::kBare) {
    return kBare | kBareLower | (m.priv == Privilege::kUser ? kUser : 0);
  }
  u32 ctx = kValid | (m.priv == Privilege::kUser ? kUser : 0);
  if (access != mem::Access::kFetch && m.sum) ctx |= kSum;  // SUM never lets S fetch U pages
  if (access == mem::Access::kLoad && m.mxr) ctx |= kMxr;
  return ctx;
}

void Mmu::update_contexts() {
  for (mem::Access a : {mem::Access::kFetch, mem::Access::kLoad, mem::Access::kStore}) {
    contexts_[static_cast<u8>(a)] = make_context(a);
  }
}

void Mmu::sfence_vma(std::optional<u64> vaddr, std::optional<u16> asid) {
  // Non-global entries all belong to the current ASID (set_satp), so a fence for another ASID
  // has nothing to drop.
  if (asid && *asid != satp::asid(satp_)) return;
  if (vaddr) {
    if (asid) {
      tlbs_.flush_page_non_global(*vaddr);
    } else {
      tlbs_.flush_page(*vaddr);
    }
  } else if (asid) {
    tlbs_.flush_non_global();
  } else {
    tlbs_.flush_all();
  }
}

std::expected<Target, Fault> Mmu::translate_slow(u64 vaddr, mem::Access access) {
  const u32 ctx = context(access);
  mem::Tlb& tlb = tlbs_[access];
  const mem::TlbProbe probe = tlb.probe(vaddr, ctx);
  if (probe.kind == mem::TlbProbe::Kind::kMmio) return Target{nullptr, probe.paddr};
  Walk w{vaddr, kPageShift, true};  // Bare: the identity, valid in every address space
  if ((ctx & kBare) != kBare) {
    auto walked = walk(memory_, satp_, vaddr, access, mode(access), UpdateAd::kYes, pmp_);
    if (!walked) return std::unexpected(walked.error());
    w = *walked;
  }
  const u64 page = w.paddr & ~u64{0xfff};
  const mem::PhysTarget phys = memory_.lookup(PAddr{page});
  if (!phys.ram() && !phys.mmio()) {
    return std::unexpected(Fault{access_fault_cause(access), vaddr});  // Priv 1.12, 3.6: PMA
  }
  const Privilege priv = mode(access).priv;
  if (!pmp_allows(pmp_, page, u64{1} << kPageShift, access, priv)) {
    if (!pmp_allows(pmp_, w.paddr, 1, access, priv)) {
      return std::unexpected(Fault{access_fault_cause(access), vaddr});  // 3.7.1
    }
    // Protection changes inside this page: no TLB entry, so each access comes back here.
    if (phys.ram()) return Target{phys.host + (vaddr & 0xfff), 0};
    return Target{nullptr, w.paddr};
  }
  tlb.fill({vaddr, ctx, phys.host, page, w.page_shift, w.global});
  if (phys.ram()) return Target{phys.host + (vaddr & 0xfff), 0};
  return Target{nullptr, w.paddr};
}

}  // namespace polyvm::guest::riscv64::mmu
