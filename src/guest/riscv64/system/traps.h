// Trap entry and return, interrupt selection, and the translation modes they decide
// (Priv 1.12, 3.1.6.1, 3.1.9, 3.3.2, 4.1.1).
#pragma once

#include <optional>

#include "guest/riscv64/system/system_context.h"

namespace polyvm::guest::riscv64::system {

/// Takes `trap` for the instruction at `epc` (or the one an interrupt preempts): picks M or S by
/// the delegation registers, saves epc/cause/tval and the interrupt-enable stack, switches
/// privilege and translation modes. Returns the handler's pc (vectored for interrupts).
u64 take_trap(SystemContext& ctx, const Trap& trap, u64 epc);

/// The interrupt the hart must take now, by 3.1.9's enable and priority rules, if any.
std::optional<Trap> pending_interrupt(const PrivState& priv);

/// Whether any interrupt is pending and enabled in mie, ignoring the global enables: what wakes
/// a hart from WFI (3.3.3).
bool wfi_should_wake(const PrivState& priv);

/// mret and sret (3.3.2): restore the interrupt-enable stack and privilege; return the new pc.
u64 return_from_machine(SystemContext& ctx);
u64 return_from_supervisor(SystemContext& ctx);

/// Tells the MMU the effective privilege, SUM and MXR of fetches and of loads/stores after a
/// change of privilege or of mstatus (MPRV, MPP, SUM, MXR).
void update_translation_modes(SystemContext& ctx);

}  // namespace polyvm::guest::riscv64::system
