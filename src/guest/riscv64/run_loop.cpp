// The threaded-code dispatch loop: one label per decode-table row (a missing handler is a
// compile error), slots of the current page reached by pointer, handlers in exec_*.inc.
#include <atomic>
#include <bit>
#include <cstring>

#include "guest/riscv64/alu.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/interpreter_impl.h"

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

constexpr u64 kBoxS = 0xffffffff00000000u;  // NaN-boxing of single-precision values (Unpriv 12.2)

}  // namespace

template <bool kTraceCpu>
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
  FaultContext& fault = *impl.fault;
  u64 count = 0;    // instructions retired in this call
  u64 pc = cpu.pc;  // kept only across page changes and exits
  u64 addr = 0;     // guest address of the access in progress
  CodePage* pg = nullptr;
  Slot* s = nullptr;
  Exit exit;

#define PC() (pg->base + static_cast<u64>(s - pg->slots.data()) * 2)
#define INTERRUPTED() (cpu.interrupt_request.load(std::memory_order_relaxed) != 0)
#define DISPATCH()                                                                           \
  do {                                                                                       \
    if constexpr (kTraceCpu) {                                                               \
      if (s->handler != &&L_DECODE && s->handler != &&L_PAGE_END) impl.trace_cpu(cpu, PC()); \
    }                                                                                        \
    goto * s->handler;                                                                       \
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
#define JUMP_ABS(target)                                     \
  do {                                                       \
    pc = (target);                                           \
    ++count;                                                 \
    if ((pc ^ pg->base) < kCodePageSize && !INTERRUPTED()) { \
      s = pg->slots.data() + ((pc % kCodePageSize) >> 1);    \
      DISPATCH();                                            \
    }                                                        \
    goto change_page;                                        \
  } while (0)
// Every access records its slot first, so a host fault knows the pc and whether it was a
// store (AMOs and SC count as stores, Unpriv 8.4); the fence keeps the compiler from moving that
// record after the access.
#define ACCESS(size, writes, fault_label)                        \
  fault.access = reinterpret_cast<std::uintptr_t>(s) | (writes); \
  std::atomic_signal_fence(std::memory_order_seq_cst);           \
  addr = x[s->rs1] + static_cast<u64>(static_cast<s64>(s->imm)); \
  if (addr > limit - (size)) goto fault_label
#define LOAD_BEGIN(size) ACCESS(size, 0, load_fault)
#define STORE_BEGIN(size) ACCESS(size, 1, store_fault)
#define ALIGNED(size) \
  if (addr & ((size)-1)) goto misaligned_atomic
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
  if (!impl.decode_into(*s, pc, kLabels, kNearLabels)) {
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
  pg = impl.page_for(pc, &&L_DECODE, &&L_PAGE_END);
  fault.page = pg;
  s = pg->slots.data() + ((pc % kCodePageSize) >> 1);
  DISPATCH();
L_ILLEGAL:
illegal:
  pc = PC();
  exit = {ExitReason::kIllegalInstruction, pc, 0, impl.fetch(pc).value_or(0)};
  goto leave;
load_fault:
  exit = {ExitReason::kLoadFault, PC(), addr};
  goto leave;
store_fault:
  exit = {ExitReason::kStoreFault, PC(), addr};
  goto leave;
misaligned_atomic:
  exit = {ExitReason::kMisalignedAtomic, PC(), addr};
  goto leave;
leave:
  cpu.pc = exit.pc;
  cpu.instret += count;
  return exit;

#undef PC
#undef INTERRUPTED
#undef DISPATCH
#undef NEXT
#undef SETX
#undef JUMP_REL
#undef JUMP_NEAR
#undef JUMP_ABS
#undef ACCESS
#undef LOAD_BEGIN
#undef STORE_BEGIN
#undef LENGTH
#undef HANDLER
#undef HANDLER_RVC
#undef RS3
#undef ALIGNED
#undef RM
}

template Exit run_loop<false>(InterpreterCore&, CpuState&);
template Exit run_loop<true>(InterpreterCore&, CpuState&);

}  // namespace polyvm::guest::riscv64
