// System mode's slow memory paths: TLB misses, MMIO, accesses that cross a page, atomics and
// instruction fetch, each either giving the run loop host bytes or a trap to take.
#pragma once

#include "guest/riscv64/system/system_context.h"

namespace polyvm::guest::riscv64::system {

/// A load the TLB fast path did not serve: the host address of the value (RAM, or `scratch`
/// holding what a device or two pages returned), or null with ctx.trap set.
u8* load_slow(SystemContext& ctx, u64 vaddr, unsigned size);
/// A store the TLB fast path did not serve: where to write the value (RAM, or `scratch`, after
/// which the run loop calls finish_store()), or null with ctx.trap set. Both pages of a
/// page-crossing store are translated before anything is written.
u8* store_slow(SystemContext& ctx, u64 vaddr, unsigned size);
/// Sends a store that went to `scratch` on to its device or pages; false with ctx.trap set if
/// the device refused it.
bool finish_store(SystemContext& ctx);
/// The host address of an LR (is_store false), SC or AMO: naturally aligned RAM only, else null
/// with ctx.trap set (misaligned: Priv 1.12, 3.6.3.3; MMIO: an access fault).
u8* atomic_slow(SystemContext& ctx, u64 vaddr, unsigned size, bool is_store);
/// The host address of the first byte of pc's page, or null with ctx.trap set.
u8* fetch_page(SystemContext& ctx, u64 pc);
/// The instruction at pc, whose page starts at host address `page`; an instruction crossing
/// into the next page translates that page too. False with ctx.trap set on a fault.
bool fetch_instruction(SystemContext& ctx, u64 pc, const u8* page, u32& raw);

}  // namespace polyvm::guest::riscv64::system
