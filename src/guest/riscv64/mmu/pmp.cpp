// PMP address matching (Priv 1.12, 3.7.1: TOR, NA4, NAPOT) and the permission check.
#include "guest/riscv64/mmu/pmp.h"

#include <bit>

namespace polyvm::guest::riscv64::mmu {

namespace {

/// [lo, hi) of entry i, or an empty range for OFF and for a TOR whose bounds are reversed.
struct Range {
  u64 lo = 0;
  u64 hi = 0;
};

Range range_of(const PmpView& pmp, unsigned i) {
  const u64 addr = (*pmp.addr)[i];
  switch (pmpcfg::mode((*pmp.cfg)[i])) {
    case pmpcfg::kOff:
      return {};
    case pmpcfg::kTor: {
      const u64 lo = i == 0 ? 0 : (*pmp.addr)[i - 1] << 2;
      const u64 hi = addr << 2;
      return lo < hi ? Range{lo, hi} : Range{};
    }
    case pmpcfg::kNa4:
      return {addr << 2, (addr << 2) + 4};
    case pmpcfg::kNapot: {
      // pmpaddr = base >> 2 with t trailing ones: a 2^(t+3)-byte region (figure 3.34)
      const unsigned ones = static_cast<unsigned>(std::countr_one(addr));
      if (ones >= 54) return {0, ~u64{0}};  // the whole physical address space
      const u64 size = u64{8} << ones;
      const u64 base = (addr & ~((u64{1} << ones) - 1)) << 2;
      return {base, base + size};
    }
  }
  return {};
}

u8 permission_bit(mem::Access access) {
  switch (access) {
    case mem::Access::kFetch:
      return pmpcfg::kX;
    case mem::Access::kLoad:
      return pmpcfg::kR;
    case mem::Access::kStore:
      return pmpcfg::kW;
  }
  return 0;
}

}  // namespace

bool pmp_allows(const PmpView& pmp, u64 paddr, u64 size, mem::Access access, Privilege priv) {
  if (!pmp.cfg || !pmp.addr) return true;
  const u64 end = paddr + size;
  for (unsigned i = 0; i < kPmpEntries; ++i) {
    const Range r = range_of(pmp, i);
    if (r.lo >= r.hi || end <= r.lo || paddr >= r.hi) continue;
    if (paddr < r.lo || end > r.hi) return false;  // a partial match fails (3.7.1.3)
    const u8 cfg = (*pmp.cfg)[i];
    if (priv == Privilege::kMachine && !(cfg & pmpcfg::kL)) return true;
    return (cfg & permission_bit(access)) != 0;
  }
  return priv == Privilege::kMachine;
}

}  // namespace polyvm::guest::riscv64::mmu
