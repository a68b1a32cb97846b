// Saving and restoring a hart's registers, CSRs and satp (hart_state.h).
#include "guest/riscv64/system/hart_state.h"

#include <algorithm>

#include "core/state_stream.h"
#include "guest/riscv64/system/traps.h"

namespace polyvm::guest::riscv64::system {

namespace {

/// PrivState's plain u64 fields, in file order. Appending keeps older files readable only with
/// a new kSnapshotVersion: the reader takes exactly this many.
constexpr u64 PrivState::*kCsrs[] = {
    &PrivState::mstatus,    &PrivState::medeleg,       &PrivState::mideleg,  &PrivState::mie,
    &PrivState::mip_soft,   &PrivState::mtvec,         &PrivState::stvec,    &PrivState::mepc,
    &PrivState::sepc,       &PrivState::mcause,        &PrivState::scause,   &PrivState::mtval,
    &PrivState::stval,      &PrivState::mscratch,      &PrivState::sscratch, &PrivState::mcounteren,
    &PrivState::scounteren, &PrivState::mcountinhibit, &PrivState::menvcfg,  &PrivState::senvcfg,
    &PrivState::mhartid,
};
constexpr std::size_t kMhartid = std::size(kCsrs) - 1;

bool valid_satp(u64 value) {
  const mmu::SatpMode mode = mmu::satp::mode(value);
  return mode == mmu::SatpMode::kBare || mmu::satp::levels(mode) != 0;
}

}  // namespace

std::vector<u8> save_hart(const Hart& hart) {
  const CpuState& cpu = hart.cpu();
  const PrivState& priv = hart.system().priv;
  StateWriter out;
  for (u64 v : cpu.x) out.put_u64(v);
  for (u64 v : cpu.f) out.put_u64(v);
  out.put_u64(cpu.pc);
  out.put_u32(cpu.fflags);
  out.put_u32(cpu.frm);
  out.put_u64(cpu.instret);
  out.put_u8(static_cast<u8>(priv.priv));
  for (auto field : kCsrs) out.put_u64(priv.*field);
  out.put_raw(priv.pmpcfg);
  for (u64 v : priv.pmpaddr) out.put_u64(v);
  out.put_u64(hart.system().mmu.satp());
  return out.take();
}

Result<HartState> parse_hart(std::span<const u8> section, u64 hartid, const std::string& what) {
  StateReader in{section, what};
  HartState s;
  for (u64& v : s.x) v = in.get_u64();
  for (u64& v : s.f) v = in.get_u64();
  s.pc = in.get_u64();
  s.fflags = in.get_u32();
  s.frm = in.get_u32();
  s.instret = in.get_u64();
  const u8 priv = in.get_u8();
  s.priv = static_cast<Privilege>(priv);
  for (std::size_t i = 0; i < std::size(kCsrs); ++i) s.csrs.push_back(in.get_u64());
  const std::span<const u8> pmpcfg = in.get_raw(s.pmpcfg.size());
  std::copy(pmpcfg.begin(), pmpcfg.end(), s.pmpcfg.begin());
  for (u64& v : s.pmpaddr) v = in.get_u64();
  s.satp = in.get_u64();
  const bool priv_ok = priv == 0 || priv == 1 || priv == 3;
  if (s.x[0] != 0 || s.fflags > 31 || s.frm > 7 || !priv_ok || !valid_satp(s.satp)) in.reject();
  if (auto done = in.finish(); !done) return std::unexpected(done.error());
  if (s.csrs[kMhartid] != hartid) {
    return fail("snapshot section {} holds hart {}, not hart {}", what, s.csrs[kMhartid], hartid);
  }
  return s;
}

void restore_hart(Hart& hart, const HartState& s) {
  CpuState& cpu = hart.cpu();
  std::copy(s.x.begin(), s.x.end(), cpu.x);
  std::copy(s.f.begin(), s.f.end(), cpu.f);
  cpu.pc = s.pc;
  cpu.fflags = s.fflags;
  cpu.frm = s.frm;
  cpu.instret = s.instret;
  cpu.reservation_valid = false;

  SystemContext& system = hart.system();
  PrivState& priv = system.priv;
  priv.priv = s.priv;
  for (std::size_t i = 0; i < std::size(kCsrs); ++i) priv.*kCsrs[i] = s.csrs[i];
  priv.pmpcfg = s.pmpcfg;
  priv.pmpaddr = s.pmpaddr;
  priv.mip_lines.store(0, std::memory_order_release);

  system.mmu.set_satp(s.satp);
  system.mmu.tlbs().flush_all();
  update_translation_modes(system);
  // Decoded code is keyed by host page, whose contents the snapshot's RAM replaced.
  Interpreter::invalidate_code(0, ~u64{0});
}

}  // namespace polyvm::guest::riscv64::system
