// The wire from a device's interrupt output to one mip bit of an emulated hart.
#pragma once

#include "device/irq_line.h"
#include "guest/riscv64/system/hart.h"

namespace polyvm::board::riscv64 {

/// Drives mip bit `irq` (guest::riscv64::system::irq::kMsi, kMti, kMei, kSei) of `hart`.
class HartIrqLine : public device::IrqLine {
 public:
  HartIrqLine(guest::riscv64::system::Hart& hart, unsigned irq) : hart_(hart), irq_(irq) {}
  void set(bool level) override { hart_.set_interrupt_line(irq_, level); }

 private:
  guest::riscv64::system::Hart& hart_;
  unsigned irq_;
};

}  // namespace polyvm::board::riscv64
