// The hart's outer loop: interrupts are taken between interpreter runs (Priv 1.12, 3.1.9), and
// WFI sleeps on interrupt_request until an enabled interrupt is pending (3.3.3).
#include "guest/riscv64/system/hart.h"

#include "guest/riscv64/system/traps.h"

namespace polyvm::guest::riscv64::system {

Hart::Hart(const mem::PhysicalMemory& memory, Config config)
    : system_(memory, std::move(config.time)), interpreter_(config.isa, system_, config.trace) {
  system_.priv.mhartid = config.hartid;
  system_.mmu.set_pmp({&system_.priv.pmpcfg, &system_.priv.pmpaddr});
  update_translation_modes(system_);
}

void Hart::set_interrupt_line(unsigned irq, bool level) {
  const u64 bit = irq::bit(irq);
  if (level) {
    system_.priv.mip_lines.fetch_or(bit, std::memory_order_acq_rel);
  } else {
    system_.priv.mip_lines.fetch_and(~bit, std::memory_order_acq_rel);
  }
  if (level) wake();
}

void Hart::wake() {
  cpu_.interrupt_request.store(1);
  cpu_.interrupt_request.notify_all();
}

void Hart::request_stop() {
  stop_.store(true);
  wake();
}

Hart::RunEnd Hart::run() {
  for (;;) {
    // Cleared before the checks, so a wake-up that lands after them makes run() return again.
    cpu_.interrupt_request.store(0);
    if (stop_.load()) return RunEnd::kStopped;
    if (const std::optional<Trap> trap = pending_interrupt(system_.priv)) {
      cpu_.pc = take_trap(system_, *trap, cpu_.pc);
    }
    const Exit exit = interpreter_.run(cpu_);
    if (exit.reason == ExitReason::kWfi) wait_for_interrupt();
    if (exit.reason == ExitReason::kHookStop) return RunEnd::kHook;
  }
}

std::optional<u64> Hart::debug_translate(u64 vaddr) const {
  const PrivState& p = system_.priv;
  const u64 satp = system_.mmu.satp();
  if (p.priv == Privilege::kMachine || mmu::satp::mode(satp) == mmu::SatpMode::kBare) {
    return vaddr;
  }
  // Supervisor with SUM and MXR: what either S or U code of this address space could read.
  const mmu::AccessMode anything{Privilege::kSupervisor, true, true};
  auto walked =
      mmu::walk(system_.memory, satp, vaddr, mem::Access::kLoad, anything, mmu::UpdateAd::kNo);
  if (!walked) return std::nullopt;
  return walked->paddr;
}

void Hart::wait_for_interrupt() {
  for (;;) {
    cpu_.interrupt_request.store(0);
    if (stop_.load() || wfi_should_wake(system_.priv)) break;
    cpu_.interrupt_request.wait(0);
  }
}

}  // namespace polyvm::guest::riscv64::system
