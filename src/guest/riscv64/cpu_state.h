// Architectural state of one riscv64 hart as user mode sees it (Unpriv 20191213, ch. 2, 11, 12).
#pragma once

#include <atomic>

#include "core/types.h"

namespace polyvm::guest::riscv64 {

/// fflags bits (Unpriv, 11.2).
enum FFlag : u32 { kNX = 1, kUF = 2, kOF = 4, kDZ = 8, kNV = 16 };

/// One hart's registers. Plain data: threads copy it on clone, signal frames save it.
struct CpuState {
  u64 x[32] = {};  ///< x0 is kept 0 by the interpreter
  u64 f[32] = {};  ///< NaN-boxed: single-precision values hold all-ones in bits 63..32
  u64 pc = 0;
  u32 fflags = 0;  ///< accrued exceptions, fcsr[4:0]
  u32 frm = 0;     ///< dynamic rounding mode, fcsr[7:5]

  // LR/SC reservation (Unpriv, 8.2): address and the value LR read; SC succeeds only if the
  // reservation is valid and memory still holds that value (compare-and-swap on the host).
  u64 reservation_addr = 0;
  u64 reservation_value = 0;
  bool reservation_valid = false;

  u64 instret = 0;  ///< retired instructions, for rdinstret and statistics

  /// Set (from a signal handler or another thread) to make run() return kInterrupted at the next
  /// backward branch, jump or page change.
  std::atomic<u32> interrupt_request{0};

  CpuState() = default;
  CpuState(const CpuState& other) { *this = other; }
  CpuState& operator=(const CpuState& other) {
    for (int i = 0; i < 32; ++i) x[i] = other.x[i], f[i] = other.f[i];
    pc = other.pc;
    fflags = other.fflags;
    frm = other.frm;
    reservation_valid = false;
    instret = other.instret;
    interrupt_request.store(0, std::memory_order_relaxed);
    return *this;
  }
};

}  // namespace polyvm::guest::riscv64
