// TLB misses, MMIO, page-crossing accesses and fetches of system mode (Priv 1.12, 3.6, 4.3.2).
#include "guest/riscv64/system/memory_access.h"

#include <cstring>

namespace polyvm::guest::riscv64::system {

namespace {

constexpr u64 kPageSize = 4096;

bool crosses_page(u64 vaddr, unsigned size) {
  return (vaddr & (kPageSize - 1)) + size > kPageSize;
}

Trap trap_of(const mmu::Fault& fault) {
  return {static_cast<u64>(fault.cause), fault.tval};
}

/// Translates one access that stays on its page; false with ctx.trap set on a fault.
bool translate(SystemContext& ctx, u64 vaddr, mem::Access access, mmu::Target& out) {
  auto target = ctx.mmu.translate(vaddr, access);
  if (!target) {
    ctx.trap = trap_of(target.error());
    return false;
  }
  out = *target;
  return true;
}

Trap access_fault(mem::Access access, u64 vaddr) {
  return {static_cast<u64>(mmu::access_fault_cause(access)), vaddr};
}

/// The device behind an MMIO physical address (the TLB only caches the page).
bool mmio_read(SystemContext& ctx, u64 paddr, unsigned size, u64& value) {
  const mem::PhysTarget phys = ctx.memory.lookup(PAddr{paddr});
  if (!phys.mmio()) return false;
  const std::optional<u64> v = phys.device->read(phys.offset, size);
  if (!v) return false;
  value = *v;
  return true;
}

}  // namespace

u8* load_slow(SystemContext& ctx, u64 vaddr, unsigned size) {
  if (crosses_page(vaddr, size)) {  // byte by byte: each byte knows its page
    u8 bytes[8];
    for (unsigned i = 0; i < size; ++i) {
      const u8* byte = load_slow(ctx, vaddr + i, 1);
      if (!byte) return nullptr;
      bytes[i] = *byte;
    }
    std::memcpy(ctx.scratch, bytes, size);
    return ctx.scratch;
  }
  mmu::Target target;
  if (!translate(ctx, vaddr, mem::Access::kLoad, target)) return nullptr;
  if (target.host) return target.host;
  u64 value = 0;
  if (!mmio_read(ctx, target.paddr, size, value)) {
    ctx.trap = access_fault(mem::Access::kLoad, vaddr);
    return nullptr;
  }
  std::memcpy(ctx.scratch, &value, size);  // little-endian host and guest
  return ctx.scratch;
}

u8* store_slow(SystemContext& ctx, u64 vaddr, unsigned size) {
  if (crosses_page(vaddr, size)) {
    const unsigned first = static_cast<unsigned>(kPageSize - (vaddr & (kPageSize - 1)));
    mmu::Target a, b;
    if (!translate(ctx, vaddr, mem::Access::kStore, a)) return nullptr;
    if (!translate(ctx, vaddr + first, mem::Access::kStore, b)) return nullptr;
    if (!a.host || !b.host) {  // a misaligned MMIO access: not supported by any device here
      ctx.trap = access_fault(mem::Access::kStore, a.host ? vaddr + first : vaddr);
      return nullptr;
    }
    ctx.pending = {PendingStore::Kind::kSplit, size, vaddr, 0, a.host, b.host, first};
    return ctx.scratch;
  }
  mmu::Target target;
  if (!translate(ctx, vaddr, mem::Access::kStore, target)) return nullptr;
  if (target.host) return target.host;
  ctx.pending = {PendingStore::Kind::kMmio, size, vaddr, target.paddr, nullptr, nullptr, 0};
  return ctx.scratch;
}

bool finish_store(SystemContext& ctx) {
  const PendingStore p = ctx.pending;
  ctx.pending.kind = PendingStore::Kind::kNone;
  if (p.kind == PendingStore::Kind::kSplit) {
    std::memcpy(p.first, ctx.scratch, p.first_bytes);
    std::memcpy(p.second, ctx.scratch + p.first_bytes, p.size - p.first_bytes);
    return true;
  }
  u64 value = 0;
  std::memcpy(&value, ctx.scratch, p.size);
  const mem::PhysTarget phys = ctx.memory.lookup(PAddr{p.paddr});
  if (phys.mmio() && phys.device->write(phys.offset, p.size, value)) return true;
  ctx.trap = access_fault(mem::Access::kStore, p.vaddr);
  return false;
}

u8* atomic_slow(SystemContext& ctx, u64 vaddr, unsigned size, bool is_store) {
  if (vaddr & (size - 1)) {
    ctx.trap = {
        static_cast<u64>(is_store ? Exception::kStoreMisaligned : Exception::kLoadMisaligned),
        vaddr};
    return nullptr;
  }
  const mem::Access access = is_store ? mem::Access::kStore : mem::Access::kLoad;
  mmu::Target target;
  if (!translate(ctx, vaddr, access, target)) return nullptr;
  if (!target.host) {
    ctx.trap = access_fault(access, vaddr);
    return nullptr;
  }
  return target.host;
}

u8* fetch_page(SystemContext& ctx, u64 pc) {
  mmu::Target target;
  if (!translate(ctx, pc, mem::Access::kFetch, target)) return nullptr;
  if (!target.host) {  // no code runs from devices
    ctx.trap = access_fault(mem::Access::kFetch, pc);
    return nullptr;
  }
  return target.host - (pc & (kPageSize - 1));
}

bool fetch_instruction(SystemContext& ctx, u64 pc, const u8* page, u32& raw) {
  const u64 offset = pc & (kPageSize - 1);
  u16 low = 0, high = 0;
  std::memcpy(&low, page + offset, 2);
  if ((low & 3) != 3) {
    raw = low;
    return true;
  }
  if (offset + 4 <= kPageSize) {
    std::memcpy(&high, page + offset + 2, 2);
  } else {
    const u8* next = fetch_page(ctx, pc + 2);
    if (!next) return false;
    std::memcpy(&high, next, 2);
  }
  raw = u32{high} << 16 | low;
  return true;
}

}  // namespace polyvm::guest::riscv64::system
