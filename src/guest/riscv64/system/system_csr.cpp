// The machine and supervisor CSRs with their WARL rules and access checks (Priv 1.12, 2.1, 3.1,
// 4.1), on top of the user-mode CSRs of csr.cpp.
#include <cstring>

#include "guest/riscv64/interpreter_impl.h"
#include "guest/riscv64/system/traps.h"

namespace polyvm::guest::riscv64 {

namespace {

using namespace system;

/// mstatus as read: SD summarises FS and XS (3.1.6.6).
u64 read_mstatus(const PrivState& p) {
  const bool dirty =
      (p.mstatus & mstatus::kFs) == mstatus::kFs || (p.mstatus & mstatus::kXs) == mstatus::kXs;
  return (p.mstatus & ~mstatus::kSd) | (dirty ? mstatus::kSd : 0);
}

void write_mstatus(PrivState& p, u64 value, u64 writable) {
  u64 next = (p.mstatus & ~writable) | (value & writable);
  if ((next & mstatus::kMpp) == (u64{2} << mstatus::kMppShift)) {  // reserved: keep MPP (WARL)
    next = (next & ~mstatus::kMpp) | (p.mstatus & mstatus::kMpp);
  }
  p.mstatus = next;
}

u64 misa_value(const IsaConfig& isa) {
  u64 letters = 1ull << ('i' - 'a') | 1ull << ('s' - 'a') | 1ull << ('u' - 'a');
  if (isa.m) letters |= 1ull << ('m' - 'a');
  if (isa.a) letters |= 1ull << ('a' - 'a');
  if (isa.f) letters |= 1ull << ('f' - 'a');
  if (isa.d) letters |= 1ull << ('d' - 'a');
  if (isa.c) letters |= 1ull << ('c' - 'a');
  return u64{2} << 62 | letters;  // MXL = 64
}

/// cycle/time/instret/hpmcounterN below M need their bit in mcounteren, and in U also in
/// scounteren (3.1.11, 4.1.5).
bool counter_enabled(const PrivState& p, u32 number) {
  const unsigned bit = number - csr::kCycle;
  if (p.priv != Privilege::kMachine && !(p.mcounteren >> bit & 1)) return false;
  return p.priv != Privilege::kUser || (p.scounteren >> bit & 1);
}

/// A CSR that is plain storage under a write mask.
struct Plain {
  u64* value;
  u64 mask;
};

std::optional<Plain> plain_register(PrivState& p, const IsaConfig& isa, u32 number) {
  const u64 epc_mask = isa.c ? ~u64{1} : ~u64{3};
  switch (number) {
    case csr::kMedeleg:
      return Plain{&p.medeleg, kDelegableExceptions};
    case csr::kMideleg:
      return Plain{&p.mideleg, irq::kSupervisorBits};
    case csr::kMie:
      return Plain{&p.mie, irq::kAllBits};
    case csr::kMepc:
      return Plain{&p.mepc, epc_mask};
    case csr::kSepc:
      return Plain{&p.sepc, epc_mask};
    case csr::kMcause:
      return Plain{&p.mcause, ~u64{0}};
    case csr::kScause:
      return Plain{&p.scause, ~u64{0}};
    case csr::kMtval:
      return Plain{&p.mtval, ~u64{0}};
    case csr::kStval:
      return Plain{&p.stval, ~u64{0}};
    case csr::kMscratch:
      return Plain{&p.mscratch, ~u64{0}};
    case csr::kSscratch:
      return Plain{&p.sscratch, ~u64{0}};
    case csr::kMcounteren:
      return Plain{&p.mcounteren, 0xffff'ffff};
    case csr::kScounteren:
      return Plain{&p.scounteren, 0xffff'ffff};
    case csr::kMcountinhibit:
      return Plain{&p.mcountinhibit, 0xffff'fffd};  // bit 1 (TM) is read-only zero
    case csr::kMenvcfg:
      return Plain{&p.menvcfg, 1};  // FIOM only: no Zicbo*, Svpbmt or Sstc
    case csr::kSenvcfg:
      return Plain{&p.senvcfg, 1};
    default:
      break;
  }
  return std::nullopt;
}

/// An entry's address is locked by its own L bit, or by the next entry's when that one is a
/// locked TOR using it as its bottom (3.7.1.2).
bool pmpaddr_locked(const PrivState& p, unsigned i) {
  using namespace mmu::pmpcfg;
  if (p.pmpcfg[i] & kL) return true;
  return i + 1 < mmu::kPmpEntries && (p.pmpcfg[i + 1] & kL) && mode(p.pmpcfg[i + 1]) == kTor;
}

/// pmpcfg0..15 (the even ones on RV64, eight entries each) and pmpaddr0..63 (3.7.1); locked
/// entries ignore writes; a write drops every TLB entry PMP may have vouched for.
CsrOutcome pmp_access(SystemContext& ctx, u32 number, CsrOp op, bool writes, u64 operand,
                      u64& old_value) {
  PrivState& p = ctx.priv;
  if (number <= csr::kPmpcfg15) {
    if (number & 1) return CsrOutcome::kIllegal;  // RV64 has the even ones only
    u8* bytes = &p.pmpcfg[(number - csr::kPmpcfg0) * 4];
    std::memcpy(&old_value, bytes, 8);
    if (!writes) return CsrOutcome::kDone;
    const u64 v = apply_csr_op(op, old_value, operand) & 0x9f9f'9f9f'9f9f'9f9f;  // bits 6..5: 0
    for (unsigned b = 0; b < 8; ++b) {
      if (!(bytes[b] & mmu::pmpcfg::kL)) bytes[b] = static_cast<u8>(v >> (8 * b));
    }
  } else {
    const unsigned i = number - csr::kPmpaddr0;
    old_value = p.pmpaddr[i];
    if (!writes) return CsrOutcome::kDone;
    if (!pmpaddr_locked(p, i))
      p.pmpaddr[i] = apply_csr_op(op, old_value, operand) & ((u64{1} << 54) - 1);
  }
  ctx.mmu.pmp_changed();
  return CsrOutcome::kReplan;
}

}  // namespace

CsrOutcome system_csr_access(system::SystemContext& ctx, CpuState& cpu, const IsaConfig& isa,
                             u32 number, u64 instret, CsrOp op, bool writes, u64 operand,
                             u64& old_value) {
  PrivState& p = ctx.priv;
  if (static_cast<unsigned>(p.priv) < (number >> 8 & 3)) return CsrOutcome::kIllegal;  // 2.1
  if (writes && (number >> 10) == 3) return CsrOutcome::kIllegal;                      // read-only
  if (number <= 3) {  // fflags, frm, fcsr
    if (p.fs() == mstatus::kFsOff) return CsrOutcome::kIllegal;
    if (!csr_access(cpu, isa, number, instret, op, writes, operand, old_value)) {
      return CsrOutcome::kIllegal;
    }
    if (writes) p.mstatus |= mstatus::kFs;  // dirty (3.1.6.6)
    return CsrOutcome::kDone;
  }
  if (std::optional<Plain> reg = plain_register(p, isa, number)) {
    old_value = *reg->value;
    if (writes)
      *reg->value = (*reg->value & ~reg->mask) | (apply_csr_op(op, old_value, operand) & reg->mask);
    return number == csr::kMie || number == csr::kMideleg ? CsrOutcome::kReplan : CsrOutcome::kDone;
  }
  if (number >= csr::kPmpcfg0 && number <= csr::kPmpaddr63) {
    return pmp_access(ctx, number, op, writes, operand, old_value);
  }
  if (number >= csr::kCycle && number <= csr::kHpmcounter31) {
    if (!counter_enabled(p, number)) return CsrOutcome::kIllegal;
    if (number == csr::kTime) {
      if (!ctx.time) return CsrOutcome::kIllegal;  // a machine without rdtime (QEMU's spike)
      old_value = ctx.time();
      return CsrOutcome::kDone;
    }
    old_value = number <= csr::kInstret ? instret : 0;  // cycle counts instructions, like instret
    return CsrOutcome::kDone;
  }
  if ((number >= csr::kMhpmcounter3 && number <= csr::kMhpmcounter31) ||
      (number >= csr::kMhpmevent3 && number <= csr::kMhpmevent31)) {
    old_value = 0;  // no hardware performance monitors: read-only zero (3.1.10)
    return CsrOutcome::kDone;
  }
  switch (number) {
    case csr::kMstatus:
    case csr::kSstatus: {
      const bool machine = number == csr::kMstatus;
      const u64 view = machine ? ~u64{0} : mstatus::kSstatusView;
      old_value = read_mstatus(p) & view;
      if (writes) {
        write_mstatus(p, apply_csr_op(op, old_value, operand),
                      machine ? mstatus::kWritable : mstatus::kSstatusWritable);
        update_translation_modes(ctx);
      }
      return CsrOutcome::kReplan;
    }
    case csr::kSie:
      old_value = p.mie & p.mideleg;
      if (writes) p.mie = (p.mie & ~p.mideleg) | (apply_csr_op(op, old_value, operand) & p.mideleg);
      return CsrOutcome::kReplan;
    case csr::kMip:
    case csr::kSip: {
      // M writes SSIP, STIP and SEIP; S writes SSIP if delegated (3.1.9, 4.1.3).
      const bool machine = number == csr::kMip;
      const u64 view = machine ? ~u64{0} : p.mideleg;
      const u64 writable = machine ? irq::kSupervisorBits : irq::bit(irq::kSsi) & p.mideleg;
      old_value = p.mip() & view;
      if (writes) {
        const u64 soft_old = p.mip_soft;
        p.mip_soft =
            (soft_old & ~writable) | (apply_csr_op(op, soft_old & view, operand) & writable);
      }
      return CsrOutcome::kReplan;
    }
    case csr::kMtvec:
    case csr::kStvec: {
      u64& tvec = number == csr::kMtvec ? p.mtvec : p.stvec;
      old_value = tvec;
      const u64 v = apply_csr_op(op, old_value, operand);
      if (writes && (v & 3) < 2) tvec = v;  // reserved MODEs leave it unchanged (WARL)
      return CsrOutcome::kDone;
    }
    case csr::kSatp:
      if (p.priv == Privilege::kSupervisor && (p.mstatus & mstatus::kTvm)) {
        return CsrOutcome::kIllegal;  // 3.1.6.5
      }
      old_value = ctx.mmu.satp();
      if (writes) ctx.mmu.set_satp(apply_csr_op(op, old_value, operand));
      return CsrOutcome::kReplan;
    case csr::kMisa:
      old_value = misa_value(isa);  // writes are ignored: extensions cannot be switched off
      return CsrOutcome::kDone;
    case csr::kMcycle:
    case csr::kMinstret:
      old_value = instret;
      if (writes) cpu.instret += apply_csr_op(op, old_value, operand) - instret;
      return CsrOutcome::kDone;
    case csr::kMvendorid:
    case csr::kMarchid:
    case csr::kMimpid:
    case csr::kMconfigptr:
      old_value = 0;
      return CsrOutcome::kDone;
    case csr::kMhartid:
      old_value = p.mhartid;
      return CsrOutcome::kDone;
    default:
      return CsrOutcome::kIllegal;
  }
}

}  // namespace polyvm::guest::riscv64
