// The threaded-code dispatch loop: one label per decode-table row (a missing handler is a
// compile error), slots of the current page reached by pointer, handlers in exec_*.inc.
#include <atomic>
#include <bit>
#include <cstring>

#include "guest/riscv64/alu.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/interpreter_impl.h"
#include "guest/riscv64/system/memory_access.h"
#include "guest/riscv64/system/traps.h"

namespace polyvm::guest::riscv64 {

namespace {

// SAFETY: `host` is guest_base + a guest address the caller checked against guest_limit; an
// unmapped page there faults on the host and unwinds through recover_from_host_fault().
template <typename T>
T load(const u8* host) {
  T v;
  std::memcpy(&v, host, sizeof v);
  return v;
}
template <typename T>
void store(u8* host, T v) {
  std::memcpy(host, &v, sizeof v);
}

/// Read-modify-write through a compare-and-swap loop, for the AMOs with no host fetch-op.
template <typename T, typename F>
T atomic_update(T* p, F update) {
  T old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (!__atomic_compare_exchange_n(p, &old, update(old), true, __ATOMIC_SEQ_CST,
                                      __ATOMIC_RELAXED)) {
  }
  return old;
}

constexpr u64 kBoxS = 0xffffffff00000000u;

using FpView = InterpreterCore::FpView;
FpView fp_view_of(const system::PrivState& priv) {
  switch (priv.fs()) {
    case system::mstatus::kFsOff:
      return FpView::kOff;
    case system::mstatus::kFsDirty:
      return FpView::kDirty;
    default:
      return FpView::kClean;
  }
}  // NaN-boxing of single-precision values (Unpriv 12.2)

}  // namespace

template <bool kInstrumented, bool kSystem>
Exit run_loop(InterpreterCore& impl, CpuState& cpu) {
  static const void* const kLabels[kOpCount] = {
#define INST(handler, mnemonic, pattern, format, ext) &&L_##handler,
#define CINST(handler, mnemonic, pattern, format, ext, runs_as) &&L_##runs_as##_C,
#include "guest/riscv64/insts.inc"
#undef INST
#undef CINST
      &&L_ILLEGAL,
  };
  // In NearJump order (interpreter_impl.h).
  static const void* const kNearLabels[kNearJumpCount] = {
      &&L_JAL_NEAR,  &&L_BEQ_NEAR,  &&L_BNE_NEAR,   &&L_BLT_NEAR,   &&L_BGE_NEAR,
      &&L_BLTU_NEAR, &&L_BGEU_NEAR, &&L_JAL_NEAR_C, &&L_BEQ_NEAR_C, &&L_BNE_NEAR_C,
  };
  using fpu::Fmt;
  u64* const x = cpu.x;
  u64* const f = cpu.f;
  u8* const mem = impl.guest_base;
  const u64 limit = impl.guest_limit;
  // User mode: the host fault context. System mode: the hart and its data TLBs, whose lookup
  // contexts change only at a page change (every privilege, mstatus or satp change makes one).
  [[maybe_unused]] FaultContext* const fault = impl.fault;
  [[maybe_unused]] system::SystemContext* const sys = impl.sys;
  [[maybe_unused]] mem::Tlb* const tlb_load = kSystem ? &sys->mmu.tlbs().load : nullptr;
  [[maybe_unused]] mem::Tlb* const tlb_store = kSystem ? &sys->mmu.tlbs().store : nullptr;
  [[maybe_unused]] u32 ctx_load = 0, ctx_store = 0;
  [[maybe_unused]] u64 vbase = 0;          // system mode: virtual address of the current page
  [[maybe_unused]] u8* page_host = nullptr;  // system mode: its host address
  [[maybe_unused]] u64 tlb_hits = 0;
  [[maybe_unused]] FpView fp_view = FpView::kDirty;
  u64 count = 0;    // instructions retired in this call
  u64 pc = cpu.pc;  // kept only across page changes and exits
  u64 addr = 0;     // guest address of the access in progress
  u8* host = nullptr;  // host address of the access in progress
  CodePage* pg = nullptr;
  Slot* s = nullptr;
  Exit exit;

#define PAGE_BASE() (kSystem ? vbase : pg->base)
#define PC() (PAGE_BASE() + static_cast<u64>(s - pg->slots.data()) * 2)
#define INTERRUPTED() (cpu.interrupt_request.load(std::memory_order_relaxed) != 0)
#define DISPATCH()                                                               \
  do {                                                                           \
    if constexpr (kInstrumented) {                                               \
      if (s->handler != &&L_DECODE && s->handler != &&L_PAGE_END) goto instrument; \
    }                                                                            \
    goto * s->handler;                                                           \
  } while (0)
// Each handler is a label whose body knows its instruction length at compile time, so
// stepping to the next slot is an add of a constant; HANDLER_RVC adds a twin for the compressed
// rows that expand to it (insts.inc's runs_as column), named L_<handler>_C.
#define HANDLER(name, ...)                  \
  L_##name : {                              \
    [[maybe_unused]] constexpr u32 kLength = 4; \
    __VA_ARGS__                             \
  }
#define HANDLER_RVC(name, ...)              \
  HANDLER(name, __VA_ARGS__)                \
  L_##name##_C : {                          \
    [[maybe_unused]] constexpr u32 kLength = 2; \
    __VA_ARGS__                             \
  }
#define NEXT()                 \
  do {                         \
    ++count;                   \
    s += kLength / 2;          \
    DISPATCH();                \
  } while (0)
#define LENGTH() kLength
#define SETX(r, v) \
  do {             \
    x[r] = (v);    \
    x[0] = 0;      \
  } while (0)
// pc-relative jumps stay in the page when they can; backward ones (and "j .") poll for
// interrupts.
#define JUMP_REL(offset)                                                             \
  do {                                                                               \
    const s64 off_ = (offset);                                                       \
    const s64 index_ = (s - pg->slots.data()) + (off_ >> 1);                         \
    ++count;                                                                         \
    if (static_cast<u64>(index_) < kSlotsPerPage && (off_ > 0 || !INTERRUPTED())) { \
      s = pg->slots.data() + index_;                                                 \
      DISPATCH();                                                                    \
    }                                                                                \
    pc = PC() + off_;                                                                \
    goto change_page;                                                                \
  } while (0)
// A jump decode found to stay on its page; backward ones still poll for interrupts.
#define JUMP_NEAR(offset)                                      \
  do {                                                         \
    const s64 off_ = (offset);                                 \
    ++count;                                                   \
    if (off_ > 0 || !INTERRUPTED()) {                          \
      s += off_ >> 1;                                          \
      DISPATCH();                                              \
    }                                                          \
    pc = PC() + off_;                                          \
    goto change_page;                                          \
  } while (0)
#define JUMP_ABS(target)                                        \
  do {                                                          \
    pc = (target);                                              \
    ++count;                                                    \
    if ((pc ^ PAGE_BASE()) < kCodePageSize && !INTERRUPTED()) { \
      s = pg->slots.data() + ((pc % kCodePageSize) >> 1);    \
      DISPATCH();                                            \
    }                                                        \
    goto change_page;                                        \
  } while (0)
// User mode: every access records its slot first, so a host fault knows the pc and whether it
// was a store (AMOs and SC count as stores, Unpriv 8.4); the fence keeps the compiler from moving
// that record after the access. System mode: a TLB hit on an access within one page is the fast
// path; the rest (misses, MMIO, page-crossing) goes to memory_access.h, which may raise a trap.
#define USER_ACCESS(size, writes, fault_label)                    \
  fault->access = reinterpret_cast<std::uintptr_t>(s) | (writes); \
  std::atomic_signal_fence(std::memory_order_seq_cst);            \
  addr = x[s->rs1] + static_cast<u64>(static_cast<s64>(s->imm));  \
  if (addr > limit - (size)) goto fault_label;                    \
  host = mem + addr
#define SYSTEM_ACCESS(size, tlb, ctx, slow)                                             \
  addr = x[s->rs1] + static_cast<u64>(static_cast<s64>(s->imm));                       \
  host = (addr & (kCodePageSize - 1)) <= kCodePageSize - (size) ? tlb->find(addr, ctx) \
                                                                 : nullptr;            \
  if (host) [[likely]] {                                                               \
    ++tlb_hits;                                                                        \
  } else {                                                                             \
    host = system::slow(*sys, addr, size);                                             \
    if (!host) goto raise_here;                                                        \
  }
#define LOAD_BEGIN(size)                                        \
  if constexpr (kSystem) {                                      \
    SYSTEM_ACCESS(size, tlb_load, ctx_load, load_slow);         \
  } else {                                                      \
    USER_ACCESS(size, 0, load_fault);                           \
  }
#define STORE_BEGIN(size)                                       \
  if constexpr (kSystem) {                                      \
    SYSTEM_ACCESS(size, tlb_store, ctx_store, store_slow);      \
  } else {                                                      \
    USER_ACCESS(size, 1, store_fault);                          \
  }
// After a store's write: one that went to the scratch buffer goes on to its device or pages.
#define STORE_END()                                                   \
  if constexpr (kSystem) {                                            \
    if (host == sys->scratch && !system::finish_store(*sys)) [[unlikely]] \
      goto raise_here;                                                \
  }
// LR (writes 0) and SC/AMOs (writes 1): naturally aligned RAM.
#define ATOMIC_BEGIN(size, writes)                                                        \
  if constexpr (kSystem) {                                                                \
    addr = x[s->rs1];                                                                     \
    host = (addr & ((size)-1)) ? nullptr                                                  \
           : (writes)          ? tlb_store->find(addr, ctx_store)                         \
                               : tlb_load->find(addr, ctx_load);                          \
    if (!host && !(host = system::atomic_slow(*sys, addr, size, writes))) goto raise_here; \
  } else {                                                                                \
    if (writes) {                                                                         \
      USER_ACCESS(size, 1, store_fault);                                                  \
    } else {                                                                              \
      USER_ACCESS(size, 0, load_fault);                                                   \
    }                                                                                     \
    if (addr & ((size)-1)) goto misaligned_atomic;                                        \
  }
#define RM()                                           \
  const u32 rm_field_ = static_cast<u32>(s->imm) & 7;  \
  const u32 rm = rm_field_ == 7 ? cpu.frm : rm_field_; \
  if (rm > fpu::kRMM) goto illegal
#define RS3() (static_cast<u32>(s->imm) >> 8 & 31)

  goto change_page;

#include "guest/riscv64/exec_base.inc"
#include "guest/riscv64/exec_fd.inc"
#include "guest/riscv64/exec_ma.inc"
#include "guest/riscv64/exec_zb.inc"

L_DECODE:
  pc = PC();
  if constexpr (kSystem) {
    u32 raw = 0;
    if (!system::fetch_instruction(*sys, pc, page_host, raw)) goto raise;
    impl.decode_word(*s, pc, raw, kLabels, kNearLabels, fp_view, &&L_FS_DIRTY);
    if ((pc % kCodePageSize) + instruction_length(raw) > kCodePageSize) impl.crossing = s;
  } else if (!impl.decode_into(*s, pc, kLabels, kNearLabels)) {
    exit = {ExitReason::kFetchFault, pc, pc};
    goto leave;
  }
  DISPATCH();
L_PAGE_END:
  pc = PC();
  goto change_page;
change_page:
  if (INTERRUPTED()) {
    exit = {ExitReason::kInterrupted, pc};
    goto leave;
  }
  if constexpr (kSystem) {
    page_host = system::fetch_page(*sys, pc);
    if (!page_host) goto raise;
    vbase = pc & ~(kCodePageSize - 1);
    fp_view = fp_view_of(sys->priv);
    ctx_load = sys->mmu.context(mem::Access::kLoad);
    ctx_store = sys->mmu.context(mem::Access::kStore);
    // Decoded code is keyed by host page, so it survives address-space switches; each FP view
    // has its own decoding.
    const u64 tag = reinterpret_cast<std::uintptr_t>(page_host) / kCodePageSize * 4;
    pg = impl.page_for(tag + static_cast<u64>(fp_view), &&L_DECODE, &&L_PAGE_END);
  } else {
    pg = impl.page_for(pc / kCodePageSize, &&L_DECODE, &&L_PAGE_END);
    fault->page = pg;
  }
  s = pg->slots.data() + ((pc % kCodePageSize) >> 1);
  DISPATCH();
instrument:
  __attribute__((unused));
  if constexpr (kInstrumented) {
    const u64 here = PC();
    if (impl.trace.cpu) impl.trace_cpu(cpu, here);
    if (impl.hook) {
      cpu.pc = here;
      if (impl.hook(cpu, here)) {
        exit = {ExitReason::kHookStop, here};
        goto leave;
      }
    }
  }
  goto * s->handler;
L_FS_DIRTY:  // system mode, FS Initial or Clean: an F/D instruction makes FS Dirty, then runs
  __attribute__((unused));
  if constexpr (kSystem) sys->priv.mstatus |= system::mstatus::kFs;
  pc = PC();
  goto change_page;
L_ILLEGAL:
illegal:
  pc = PC();
  if constexpr (kSystem) {
    // tval is the instruction's bits (Priv 1.12, 3.1.16); slots do not keep them
    u32 raw = 0;
    if (!system::fetch_instruction(*sys, pc, page_host, raw)) raw = 0;
    sys->trap = {static_cast<u64>(system::Exception::kIllegalInstruction), raw};
    goto raise;
  }
  exit = {ExitReason::kIllegalInstruction, pc, 0, impl.fetch(pc).value_or(0)};
  goto leave;
raise_here:  // system mode: the current instruction raised sys->trap
  __attribute__((unused));
  pc = PC();
raise:  // system mode: take sys->trap with epc = pc
  __attribute__((unused));
  if constexpr (kSystem) {
    pc = system::take_trap(*sys, sys->trap, pc);
    goto change_page;
  }
  goto leave;
load_fault:
  __attribute__((unused));
  exit = {ExitReason::kLoadFault, PC(), addr};
  goto leave;
store_fault:
  __attribute__((unused));
  exit = {ExitReason::kStoreFault, PC(), addr};
  goto leave;
misaligned_atomic:
  __attribute__((unused));
  exit = {ExitReason::kMisalignedAtomic, PC(), addr};
  goto leave;
leave:
  cpu.pc = exit.pc;
  cpu.instret += count;
  if constexpr (kSystem) tlb_load->add_hits(tlb_hits);
  return exit;

#undef PC
#undef INTERRUPTED
#undef DISPATCH
#undef NEXT
#undef SETX
#undef JUMP_REL
#undef JUMP_NEAR
#undef JUMP_ABS
#undef PAGE_BASE
#undef USER_ACCESS
#undef SYSTEM_ACCESS
#undef LOAD_BEGIN
#undef STORE_BEGIN
#undef STORE_END
#undef ATOMIC_BEGIN
#undef LENGTH
#undef HANDLER
#undef HANDLER_RVC
#undef RS3
#undef RM
}

template Exit run_loop<false, false>(InterpreterCore&, CpuState&);
template Exit run_loop<true, false>(InterpreterCore&, CpuState&);
template Exit run_loop<false, true>(InterpreterCore&, CpuState&);
template Exit run_loop<true, true>(InterpreterCore&, CpuState&);

}  // namespace polyvm::guest::riscv64
