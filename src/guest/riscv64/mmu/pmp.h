// Physical memory protection (Priv 1.12, 3.7): which physical ranges each privilege may read,
// write and execute, as the pmpcfg/pmpaddr CSRs say.
#pragma once

#include <array>

#include "core/types.h"
#include "guest/riscv64/mmu/pte.h"
#include "mem/tlb.h"

namespace polyvm::guest::riscv64::mmu {

inline constexpr unsigned kPmpEntries = 64;

/// The PMP CSRs as the hart stores them: one pmpcfg byte and one pmpaddr word per entry.
struct PmpView {
  const std::array<u8, kPmpEntries>* cfg = nullptr;
  const std::array<u64, kPmpEntries>* addr = nullptr;
};

/// pmpcfg fields (3.7.1, figure 3.33).
namespace pmpcfg {
constexpr u8 kR = 1, kW = 2, kX = 4, kL = 0x80;
constexpr unsigned kAShift = 3;
enum Mode : u8 { kOff = 0, kTor = 1, kNa4 = 2, kNapot = 3 };
constexpr Mode mode(u8 cfg) {
  return static_cast<Mode>(cfg >> kAShift & 3);
}
}  // namespace pmpcfg

/// Whether every byte of [paddr, paddr + size) may be accessed by `access` at effective
/// privilege `priv` (3.7.1): the lowest-numbered entry matching any byte decides, and must match
/// them all; M-mode ignores unlocked entries; an access no entry matches succeeds only in M.
/// A view without registers (no PMP) allows everything.
bool pmp_allows(const PmpView& pmp, u64 paddr, u64 size, mem::Access access, Privilege priv);

}  // namespace polyvm::guest::riscv64::mmu
