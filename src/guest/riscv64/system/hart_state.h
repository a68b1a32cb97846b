// A hart's architectural state in a snapshot: registers, privileged state and satp, saved from
// and restored into a stopped Hart, so a machine can continue where another left off.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "guest/riscv64/system/hart.h"

namespace polyvm::guest::riscv64::system {

/// What a snapshot keeps of a hart. Not kept: the LR/SC reservation (cleared: an SC after a
/// restore fails, which the ISA allows), mip's device-driven bits (the devices drive them
/// again), TLBs and decoded code (dropped).
struct HartState {
  std::array<u64, 32> x{}, f{};
  u64 pc = 0;
  u32 fflags = 0, frm = 0;
  u64 instret = 0;
  Privilege priv = Privilege::kMachine;
  std::vector<u64> csrs;  ///< PrivState's u64 fields, in hart_state.cpp's order
  std::array<u8, 64> pmpcfg{};
  std::array<u64, 64> pmpaddr{};
  u64 satp = 0;
};

/// The state of `hart`, which must not be running.
std::vector<u8> save_hart(const Hart& hart);
/// A state save_hart() wrote for hart `hartid`, or an error; `what` names the section.
Result<HartState> parse_hart(std::span<const u8> section, u64 hartid, const std::string& what);
/// Puts `state` into `hart` (not running): mip's device-driven bits cleared for the devices to
/// drive again, TLBs flushed, and every interpreter's decoded code dropped.
void restore_hart(Hart& hart, const HartState& state);

}  // namespace polyvm::guest::riscv64::system
