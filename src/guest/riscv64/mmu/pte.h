// Sv39/Sv48/Sv57 page-table entries and satp fields (Priv 1.12, 4.1.11, 4.3.1, 4.4.1, 4.5.1,
// 4.6.1), and the privilege and fault vocabulary translation speaks.
#pragma once

#include "core/types.h"

namespace polyvm::guest::riscv64::mmu {

/// Privilege levels with their encodings (Priv 1.12, 1.2).
enum class Privilege : u8 { kUser = 0, kSupervisor = 1, kMachine = 3 };

/// The exception causes translation can raise (Priv 1.12, 3.1.15, table 3.6).
enum class Cause : u8 {
  kFetchAccessFault = 1,
  kLoadAccessFault = 5,
  kStoreAccessFault = 7,  ///< store or AMO
  kFetchPageFault = 12,
  kLoadPageFault = 13,
  kStorePageFault = 15,  ///< store or AMO
};

/// A failed translation: the trap to take, with the faulting virtual address as tval.
struct Fault {
  Cause cause = Cause::kLoadPageFault;
  u64 tval = 0;
  constexpr bool operator==(const Fault&) const = default;
};

/// satp.MODE values (Priv 1.12, 4.1.11, table 4.4).
enum class SatpMode : u8 { kBare = 0, kSv39 = 8, kSv48 = 9, kSv57 = 10 };

namespace satp {
constexpr unsigned kModeShift = 60;
constexpr unsigned kAsidShift = 44;
constexpr u64 kAsidMask = 0xffff;
constexpr u64 kPpnMask = (u64{1} << 44) - 1;

constexpr SatpMode mode(u64 satp) {
  return static_cast<SatpMode>(satp >> kModeShift);
}
constexpr u16 asid(u64 satp) {
  return static_cast<u16>((satp >> kAsidShift) & kAsidMask);
}
constexpr u64 ppn(u64 satp) {
  return satp & kPpnMask;
}
constexpr u64 make(SatpMode mode, u16 asid, u64 ppn) {
  return u64{static_cast<u8>(mode)} << kModeShift | u64{asid} << kAsidShift | (ppn & kPpnMask);
}
/// Page-table levels of a translating mode: 3, 4 or 5; 0 for Bare and reserved modes.
constexpr unsigned levels(SatpMode mode) {
  switch (mode) {
    case SatpMode::kSv39:
      return 3;
    case SatpMode::kSv48:
      return 4;
    case SatpMode::kSv57:
      return 5;
    default:
      return 0;
  }
}
}  // namespace satp

/// PTE bits (Priv 1.12, 4.3.1, figure 4.18; 4.4.1; 4.5.1).
namespace pte {
constexpr u64 kV = 1 << 0;
constexpr u64 kR = 1 << 1;
constexpr u64 kW = 1 << 2;
constexpr u64 kX = 1 << 3;
constexpr u64 kU = 1 << 4;
constexpr u64 kG = 1 << 5;
constexpr u64 kA = 1 << 6;
constexpr u64 kD = 1 << 7;
constexpr unsigned kPpnShift = 10;
constexpr u64 kPpnMask = (u64{1} << 44) - 1;
/// Bits 63..54: N (Svnapot), PBMT (Svpbmt) and reserved bits; none of those extensions is
/// implemented, so all must be zero (4.3.1, 4.4.1).
constexpr u64 kReserved = ~u64{0} << 54;

constexpr u64 ppn(u64 pte) {
  return (pte >> kPpnShift) & kPpnMask;
}
constexpr u64 make(u64 ppn, u64 flags) {
  return (ppn & kPpnMask) << kPpnShift | flags;
}
}  // namespace pte

constexpr unsigned kPageShift = 12;
constexpr unsigned kVpnBits = 9;

}  // namespace polyvm::guest::riscv64::mmu
