// The host's SSE unit as an IEEE 754 engine: MXCSR rounding control in, sticky flags out.
// Every instruction is a volatile asm so the compiler neither folds nor reorders it across the
// MXCSR accesses (volatile asm statements keep their relative order).
#pragma once

#include <array>
#include <bit>
#include <cassert>

#include "core/types.h"
#include "guest/riscv64/cpu_state.h"
#include "guest/riscv64/fpu.h"

namespace polyvm::guest::riscv64::fpu::host {

/// Exceptions masked, round to nearest, no FTZ/DAZ, flags clear: what the C++ runtime expects.
inline constexpr u32 kMxcsrDefault = 0x1f80;
inline constexpr u32 kMxcsrFlags = 0x3f;
/// MXCSR.RC for RNE, RTZ, RDN, RUP (SDM vol. 1, 10.2.3: 00 nearest, 01 down, 10 up, 11 zero).
inline constexpr std::array<u32, 4> kRoundingControl = {0x0000, 0x6000, 0x2000, 0x4000};

/// MXCSR flags IE DE ZE OE UE PE -> fflags NV - DZ OF UF NX. x86 detects tininess after
/// rounding and, with UE masked, raises it only when inexact, as RISC-V does; DE has no peer.
inline constexpr std::array<u8, 64> kFlagMap = [] {
  std::array<u8, 64> map{};
  for (u32 m = 0; m < 64; ++m) {
    const auto bit = [m](u32 mask, FFlag flag) { return (m & mask) ? u32{flag} : 0u; };
    map[m] = static_cast<u8>(bit(1, kNV) | bit(4, kDZ) | bit(8, kOF) | bit(16, kUF) | bit(32, kNX));
  }
  return map;
}();

/// Prepares MXCSR for one operation rounding as rm (not RMM) says, with no flag pending. One
/// ldmxcsr and, in leave(), one stmxcsr: on AMD Zen stmxcsr is the costly one (about 13 cycles
/// against 2), on Intel both are a few cycles, so reading MXCSR here to skip the load loses.
inline void enter(u32 rm) {
  assert(rm < kRoundingControl.size());
  u32 want = kMxcsrDefault | kRoundingControl[rm];
  asm volatile("ldmxcsr %0" : : "m"(want));
}

/// Accrues the operation's flags and gives the C++ runtime its rounding back.
inline void leave(u32 rm, u32& flags) {
  u32 now;
  asm volatile("stmxcsr %0" : "=m"(now));
  flags |= kFlagMap[now & kMxcsrFlags];
  if (rm != kRNE) {
    u32 restore = kMxcsrDefault;
    asm volatile("ldmxcsr %0" : : "m"(restore));
  }
}

enum class Op { kAdd, kSub, kMul, kDiv };

template <Fmt F, Op O>
inline u64 binary(u64 a, u64 b) {
  if constexpr (F == Fmt::S) {
    float x = std::bit_cast<float>(static_cast<u32>(a));
    const float y = std::bit_cast<float>(static_cast<u32>(b));
    if constexpr (O == Op::kAdd) asm volatile("addss %1, %0" : "+x"(x) : "x"(y));
    if constexpr (O == Op::kSub) asm volatile("subss %1, %0" : "+x"(x) : "x"(y));
    if constexpr (O == Op::kMul) asm volatile("mulss %1, %0" : "+x"(x) : "x"(y));
    if constexpr (O == Op::kDiv) asm volatile("divss %1, %0" : "+x"(x) : "x"(y));
    return std::bit_cast<u32>(x);
  } else {
    double x = std::bit_cast<double>(a);
    const double y = std::bit_cast<double>(b);
    if constexpr (O == Op::kAdd) asm volatile("addsd %1, %0" : "+x"(x) : "x"(y));
    if constexpr (O == Op::kSub) asm volatile("subsd %1, %0" : "+x"(x) : "x"(y));
    if constexpr (O == Op::kMul) asm volatile("mulsd %1, %0" : "+x"(x) : "x"(y));
    if constexpr (O == Op::kDiv) asm volatile("divsd %1, %0" : "+x"(x) : "x"(y));
    return std::bit_cast<u64>(x);
  }
}

template <Fmt F>
inline u64 sqrt(u64 a) {
  if constexpr (F == Fmt::S) {
    float x = std::bit_cast<float>(static_cast<u32>(a));
    asm volatile("sqrtss %0, %0" : "+x"(x));
    return std::bit_cast<u32>(x);
  } else {
    double x = std::bit_cast<double>(a);
    asm volatile("sqrtsd %0, %0" : "+x"(x));
    return std::bit_cast<u64>(x);
  }
}

/// a*b+c with one rounding; only when has_fma() (VEX-encoded, so the file needs no -mfma).
template <Fmt F>
inline u64 fma(u64 a, u64 b, u64 c) {
  if constexpr (F == Fmt::S) {
    float z = std::bit_cast<float>(static_cast<u32>(c));
    const float x = std::bit_cast<float>(static_cast<u32>(a));
    const float y = std::bit_cast<float>(static_cast<u32>(b));
    asm volatile("vfmadd231ss %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));
    return std::bit_cast<u32>(z);
  } else {
    double z = std::bit_cast<double>(c);
    const double x = std::bit_cast<double>(a), y = std::bit_cast<double>(b);
    asm volatile("vfmadd231sd %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));
    return std::bit_cast<u64>(z);
  }
}

/// binary64 bits to binary32 bits under the current rounding.
inline u64 s_from_d(u64 a) {
  const double x = std::bit_cast<double>(a);
  float y;
  asm volatile("cvtsd2ss %1, %0" : "=x"(y) : "x"(x));
  return std::bit_cast<u32>(y);
}

/// A double rounded to an integer as MXCSR says; callers rely on the default (RNE).
inline s64 round_to_s64(double v) {
  s64 r;
  asm("cvtsd2si %1, %0" : "=r"(r) : "x"(v));
  return r;
}

/// Whether the host executes FMA3 (CPUID and OS-enabled AVX state, as libgcc checks them).
bool has_fma();

}  // namespace polyvm::guest::riscv64::fpu::host
