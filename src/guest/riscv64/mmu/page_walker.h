// The Sv39/Sv48/Sv57 page-table walk (Priv 1.12, 4.3.2), a pure function over guest physical
// memory: no TLB, no hart, so tests and the MMU share one definition of translation.
#pragma once

#include <expected>

#include "core/types.h"
#include "guest/riscv64/mmu/pmp.h"
#include "guest/riscv64/mmu/pte.h"
#include "mem/physical_memory.h"
#include "mem/tlb.h"

namespace polyvm::guest::riscv64::mmu {

/// Everything besides the address that decides a translation. `priv` is the effective
/// privilege: the caller applies MPRV/MPP for M-mode loads and stores (Priv 1.12, 3.1.6.3).
struct AccessMode {
  Privilege priv = Privilege::kSupervisor;
  bool sum = false;  ///< mstatus.SUM: S-mode may load and store U pages
  bool mxr = false;  ///< mstatus.MXR: loads may read execute-only pages
};

/// A successful walk.
struct Walk {
  u64 paddr = 0;
  u8 page_shift = kPageShift;  ///< 12, or 21/30/39/48 for superpages
  bool global = false;         ///< G set in the leaf or any pointer above it (4.3.1)
};

/// Whether a walk marks the leaf PTE accessed (and dirty for stores): hardware walks do; a
/// debugger's look at memory must not change it.
enum class UpdateAd : bool { kNo, kYes };

/// Translates `vaddr` through the page table `satp` names, setting A (and D for stores)
/// atomically in the leaf PTE unless told not to. satp must name a translating mode
/// (Sv39/48/57). PTE reads are S-mode loads for `pmp` (Priv 1.12, 3.7.1).
std::expected<Walk, Fault> walk(const mem::PhysicalMemory& memory, u64 satp, u64 vaddr,
                                mem::Access access, const AccessMode& mode,
                                UpdateAd update_ad = UpdateAd::kYes, const PmpView& pmp = {});

/// The page fault and access fault causes of an access type.
Cause page_fault_cause(mem::Access access);
Cause access_fault_cause(mem::Access access);

}  // namespace polyvm::guest::riscv64::mmu
