// The user-mode CSRs: the floating-point CSRs (Unpriv 11.2) and the counters (Unpriv 10.1).
#include <ctime>

#include "guest/riscv64/interpreter_impl.h"

namespace polyvm::guest::riscv64 {

namespace {

enum Csr : u32 {
  kFflags = 0x001,
  kFrm = 0x002,
  kFcsr = 0x003,
  kCycle = 0xc00,
  kTime = 0xc01,
  kInstret = 0xc02
};

/// The `time` CSR: host CLOCK_MONOTONIC in 10 MHz ticks, the timebase of QEMU's virt board.
u64 time_ticks() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<u64>(ts.tv_sec) * 10'000'000 + static_cast<u64>(ts.tv_nsec) / 100;
}

}  // namespace

bool csr_access(CpuState& cpu, const IsaConfig& isa, u32 csr, u64 instret, CsrOp op, bool writes,
                u64 operand, u64& old_value) {
  switch (csr) {
    case kFflags:
    case kFrm:
    case kFcsr: {
      if (!isa.f) return false;
      const u64 fcsr = u64{cpu.frm} << 5 | cpu.fflags;
      old_value = csr == kFflags ? cpu.fflags : csr == kFrm ? cpu.frm : fcsr;
      if (!writes) return true;
      const u64 v = apply_csr_op(op, old_value, operand);
      const u64 updated = csr == kFflags ? (fcsr & ~u64{0x1f}) | (v & 0x1f)
                          : csr == kFrm  ? (fcsr & 0x1f) | (v & 7) << 5
                                         : v & 0xff;
      cpu.fflags = static_cast<u32>(updated & 0x1f);
      cpu.frm = static_cast<u32>(updated >> 5 & 7);
      return true;
    }
    case kCycle:
    case kInstret:
      old_value = instret;
      return !writes;
    case kTime:
      old_value = time_ticks();
      return !writes;
    default:
      return false;
  }
}

}  // namespace polyvm::guest::riscv64
