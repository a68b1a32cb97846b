// F/D computational instructions (Unpriv 11.6, 12.3): the host SSE unit rounds and raises the
// flags; RMM and FMA-less hosts take the integer-only path in fpu_soft.cpp.
#include "guest/riscv64/fpu.h"

#include <cassert>

#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu_format.h"
#include "guest/riscv64/fpu_host.h"
#include "guest/riscv64/fpu_soft.h"

namespace polyvm::guest::riscv64::fpu {

bool host::has_fma() {
  static const bool available = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("fma") != 0;
  }();
  return available;
}

namespace {

/// Host results that are NaN become the canonical NaN (Unpriv 11.3).
template <Fmt F>
u64 canonical(u64 bits) {
  return is_nan<F>(bits) ? Format<F>::kCanonicalNaN : bits;
}

/// Whether a result can have raised no flag but NX: finite and normal, above the lowest normal
/// binade (whose smallest value may come from rounding up a tiny one: Unpriv 11.2).
template <Fmt F>
bool plain(u64 bits) {
  const u64 exponent = (bits >> Format<F>::kFracBits) & Format<F>::kExpMax;
  return exponent >= 2 && exponent < Format<F>::kExpMax;
}

/// Runs `op`, one host SSE instruction giving format-R bits, rounding as rm says and accruing its
/// flags. In RNE with NX already accrued (the usual state), a plain result needs no flag, so the
/// MXCSR round trip (tens of cycles on some hosts) is skipped. That relies on MXCSR holding the
/// C++ default (RNE, no FTZ/DAZ) outside these functions, which host::leave restores.
template <Fmt R, typename Op>
u64 on_host(Op op, u32 rm, u32& flags) {
  if (rm == kRNE && (flags & kNX)) [[likely]] {
    const u64 r = op();
    if (plain<R>(r)) [[likely]]
      return r;
  }
  host::enter(rm);
  const u64 r = op();
  host::leave(rm, flags);
  return r;
}

/// a*b+c on unboxed bits, one rounding.
template <Fmt F>
u64 fused(u64 a, u64 b, u64 c, u32 rm, u32& flags) {
  if (rm == kRMM || !host::has_fma()) [[unlikely]]
    return soft::fma<F>(a, b, c, rm, flags);
  const u64 r = on_host<F>([&] { return host::fma<F>(a, b, c); }, rm, flags);
  if (!is_nan<F>(r)) [[likely]]
    return r;
  // Unpriv 11.6: 0*inf sets NV even when c is a quiet NaN (x86 leaves that to the
  // implementation); the soft path knows every NaN rule.
  return soft::fma<F>(a, b, c, rm, flags);
}

template <Fmt F>
u64 soft_sub(u64 a, u64 b, u32 rm, u32& flags) {
  return soft::add<F>(a, b ^ Format<F>::kSign, rm, flags);
}

/// A two-operand instruction: the host rounds, except in RMM, which x86 lacks.
template <Fmt F, host::Op O, u64 (*Soft)(u64, u64, u32, u32&)>
u64 arithmetic(u64 a, u64 b, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  const u64 x = unbox<F>(a), y = unbox<F>(b);
  if (rm == kRMM) [[unlikely]]
    return box<F>(Soft(x, y, rm, flags));
  return box<F>(canonical<F>(on_host<F>([&] { return host::binary<F, O>(x, y); }, rm, flags)));
}

}  // namespace

template <Fmt F>
u64 add(u64 a, u64 b, u32 rm, u32& flags) {
  return arithmetic<F, host::Op::kAdd, soft::add<F>>(a, b, rm, flags);
}

template <Fmt F>
u64 sub(u64 a, u64 b, u32 rm, u32& flags) {
  return arithmetic<F, host::Op::kSub, soft_sub<F>>(a, b, rm, flags);
}

template <Fmt F>
u64 mul(u64 a, u64 b, u32 rm, u32& flags) {
  return arithmetic<F, host::Op::kMul, soft::mul<F>>(a, b, rm, flags);
}

template <Fmt F>
u64 div(u64 a, u64 b, u32 rm, u32& flags) {
  return arithmetic<F, host::Op::kDiv, soft::div<F>>(a, b, rm, flags);
}

template <Fmt F>
u64 sqrt(u64 a, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  const u64 x = unbox<F>(a);
  if (rm == kRMM) [[unlikely]]
    return box<F>(soft::sqrt<F>(x, rm, flags));
  return box<F>(canonical<F>(on_host<F>([&] { return host::sqrt<F>(x); }, rm, flags)));
}

// The fused forms negate operands as the manual defines them: -(a*b) is (-a)*b, so the signs of
// exact zeros follow from IEEE fusedMultiplyAdd (NaN signs are irrelevant: results are canonical).
template <Fmt F>
u64 madd(u64 a, u64 b, u64 c, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  return box<F>(fused<F>(unbox<F>(a), unbox<F>(b), unbox<F>(c), rm, flags));
}

template <Fmt F>
u64 msub(u64 a, u64 b, u64 c, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  constexpr u64 kSign = Format<F>::kSign;
  return box<F>(fused<F>(unbox<F>(a), unbox<F>(b), unbox<F>(c) ^ kSign, rm, flags));
}

template <Fmt F>
u64 nmsub(u64 a, u64 b, u64 c, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  constexpr u64 kSign = Format<F>::kSign;
  return box<F>(fused<F>(unbox<F>(a) ^ kSign, unbox<F>(b), unbox<F>(c), rm, flags));
}

template <Fmt F>
u64 nmadd(u64 a, u64 b, u64 c, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  constexpr u64 kSign = Format<F>::kSign;
  return box<F>(fused<F>(unbox<F>(a) ^ kSign, unbox<F>(b), unbox<F>(c) ^ kSign, rm, flags));
}

u64 s_from_d(u64 a, u32 rm, u32& flags) {
  assert(rm <= kRMM);
  if (rm == kRMM) [[unlikely]]
    return box<Fmt::S>(soft::s_from_d(a, rm, flags));
  const u64 r = on_host<Fmt::S>([&] { return host::s_from_d(a); }, rm, flags);
  return box<Fmt::S>(canonical<Fmt::S>(r));
}

#define POLYVM_FPU_INSTANTIATE(F)                  \
  template u64 add<F>(u64, u64, u32, u32&);        \
  template u64 sub<F>(u64, u64, u32, u32&);        \
  template u64 mul<F>(u64, u64, u32, u32&);        \
  template u64 div<F>(u64, u64, u32, u32&);        \
  template u64 sqrt<F>(u64, u32, u32&);            \
  template u64 madd<F>(u64, u64, u64, u32, u32&);  \
  template u64 msub<F>(u64, u64, u64, u32, u32&);  \
  template u64 nmsub<F>(u64, u64, u64, u32, u32&); \
  template u64 nmadd<F>(u64, u64, u64, u32, u32&);
POLYVM_FPU_INSTANTIATE(Fmt::S)
POLYVM_FPU_INSTANTIATE(Fmt::D)
#undef POLYVM_FPU_INSTANTIATE

}  // namespace polyvm::guest::riscv64::fpu
