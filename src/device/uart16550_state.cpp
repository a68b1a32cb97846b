// The UART's snapshot state: its registers and the bytes waiting in the receive FIFO.
#include "core/state_stream.h"
#include "device/uart16550.h"

namespace polyvm::device {

std::vector<u8> Uart16550::save() {
  std::lock_guard lock(mutex_);
  StateWriter out;
  for (u8 r : {ier_, fcr_, lcr_, mcr_, scr_, dll_, dlm_}) out.put_u8(r);
  out.put_bool(overrun_);
  out.put_bool(thr_interrupt_);
  out.put_bytes(std::vector<u8>(rx_.begin(), rx_.end()));
  return out.take();
}

Result<Uart16550::State> Uart16550::parse(std::span<const u8> section) const {
  StateReader in{section, "uart"};
  State s;
  for (u8* r : {&s.ier, &s.fcr, &s.lcr, &s.mcr, &s.scr, &s.dll, &s.dlm}) *r = in.get_u8();
  s.overrun = in.get_bool();
  s.thr_interrupt = in.get_bool();
  s.rx = in.get_bytes(kFifoSize);
  // Only values the registers can hold (write_register's masks); a FIFO within its capacity.
  const std::size_t capacity = s.fcr & kFcrEnable ? kFifoSize : 1;
  if ((s.ier & ~0x0f) || (s.fcr & ~0xc9) || (s.mcr & ~0x1f) || s.rx.size() > capacity) {
    in.reject();
  }
  if (auto done = in.finish(); !done) return std::unexpected(done.error());
  return s;
}

void Uart16550::restore(const State& s) {
  std::lock_guard lock(mutex_);
  ier_ = s.ier;
  fcr_ = s.fcr;
  lcr_ = s.lcr;
  mcr_ = s.mcr;
  scr_ = s.scr;
  dll_ = s.dll;
  dlm_ = s.dlm;
  overrun_ = s.overrun;
  thr_interrupt_ = s.thr_interrupt;
  rx_.assign(s.rx.begin(), s.rx.end());
  irq_level_ = (interrupt_id() & 1) == 0;  // IIR bit 0 clear: an interrupt is pending
  if (irq_) irq_->set(irq_level_);         // whatever its last level: the PLIC was restored first
}

}  // namespace polyvm::device
