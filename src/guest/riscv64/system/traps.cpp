// Trap entry, xRET and interrupt priority, following Priv 1.12, 3.1.6.1, 3.1.7, 3.1.9 and 3.3.2.
#include "guest/riscv64/system/traps.h"

#include <bit>

namespace polyvm::guest::riscv64::system {

namespace {

using namespace mstatus;

u64 field(u64 value, u64 mask) {
  return (value & mask) >> std::countr_zero(mask);
}
u64 with_field(u64 value, u64 mask, u64 field_value) {
  return (value & ~mask) | ((field_value << std::countr_zero(mask)) & mask);
}

/// The handler address of a trap vector register (3.1.7): vectored mode sends interrupt n to
/// BASE + 4n, everything else to BASE.
u64 vector_target(u64 tvec, u64 cause) {
  const u64 base = tvec & ~u64{3};
  if ((tvec & 3) == 1 && (cause & kInterruptBit)) return base + 4 * (cause & ~kInterruptBit);
  return base;
}

}  // namespace

void update_translation_modes(SystemContext& ctx) {
  const PrivState& p = ctx.priv;
  Privilege data = p.priv;
  if (p.priv == Privilege::kMachine && (p.mstatus & kMprv)) {
    data = static_cast<Privilege>(field(p.mstatus, kMpp));  // 3.1.6.3
  }
  const bool sum = p.mstatus & kSum, mxr = p.mstatus & kMxr;
  ctx.mmu.set_modes({p.priv, sum, mxr}, {data, sum, mxr});
}

u64 take_trap(SystemContext& ctx, const Trap& trap, u64 epc) {
  PrivState& p = ctx.priv;
  const bool interrupt = trap.cause & kInterruptBit;
  const u64 code = trap.cause & ~kInterruptBit;
  const u64 delegation = interrupt ? p.mideleg : p.medeleg;
  const bool to_supervisor = p.priv != Privilege::kMachine && code < 64 && (delegation >> code & 1);
  u64 target = 0;
  if (to_supervisor) {
    p.sepc = epc;
    p.scause = trap.cause;
    p.stval = trap.tval;
    u64 s = with_field(p.mstatus, kSpie, field(p.mstatus, kSie));
    s = with_field(s, kSie, 0);
    p.mstatus = with_field(s, kSpp, p.priv == Privilege::kSupervisor ? 1 : 0);
    p.priv = Privilege::kSupervisor;
    target = vector_target(p.stvec, trap.cause);
  } else {
    p.mepc = epc;
    p.mcause = trap.cause;
    p.mtval = trap.tval;
    u64 m = with_field(p.mstatus, kMpie, field(p.mstatus, kMie));
    m = with_field(m, kMie, 0);
    p.mstatus = with_field(m, kMpp, static_cast<u64>(p.priv));
    p.priv = Privilege::kMachine;
    target = vector_target(p.mtvec, trap.cause);
  }
  update_translation_modes(ctx);
  return target;
}

std::optional<Trap> pending_interrupt(const PrivState& p) {
  const u64 pending = p.mip() & p.mie;
  if (pending == 0) return std::nullopt;
  const bool m_enabled = p.priv != Privilege::kMachine || (p.mstatus & kMie);
  const bool s_enabled =
      p.priv == Privilege::kUser || (p.priv == Privilege::kSupervisor && (p.mstatus & kSie));
  u64 takeable = 0;
  if (m_enabled) takeable |= pending & ~p.mideleg;
  if (s_enabled && p.priv != Privilege::kMachine) takeable |= pending & p.mideleg;
  if (takeable == 0) return std::nullopt;
  // Interrupts for M come before those for S (3.1.9), then the fixed order.
  for (u64 group : {takeable & ~p.mideleg, takeable & p.mideleg}) {
    for (unsigned n : irq::kPriority) {
      if (group & irq::bit(n)) return Trap{kInterruptBit | n, 0};
    }
  }
  return std::nullopt;
}

bool wfi_should_wake(const PrivState& p) {
  return (p.mip() & p.mie) != 0;
}

u64 return_from_machine(SystemContext& ctx) {
  PrivState& p = ctx.priv;
  const auto previous = static_cast<Privilege>(field(p.mstatus, kMpp));
  u64 m = with_field(p.mstatus, kMie, field(p.mstatus, kMpie));
  m = with_field(m, kMpie, 1);
  m = with_field(m, kMpp, static_cast<u64>(Privilege::kUser));
  if (previous != Privilege::kMachine) m &= ~kMprv;
  p.mstatus = m;
  p.priv = previous;
  update_translation_modes(ctx);
  return p.mepc;
}

u64 return_from_supervisor(SystemContext& ctx) {
  PrivState& p = ctx.priv;
  const Privilege previous = (p.mstatus & kSpp) ? Privilege::kSupervisor : Privilege::kUser;
  u64 s = with_field(p.mstatus, kSie, field(p.mstatus, kSpie));
  s = with_field(s, kSpie, 1);
  s = with_field(s, kSpp, 0);
  p.mstatus = s & ~kMprv;  // the new privilege is below M (3.1.6.3)
  p.priv = previous;
  update_translation_modes(ctx);
  return p.sepc;
}

}  // namespace polyvm::guest::riscv64::system
