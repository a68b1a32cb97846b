// The NS16550A UART of QEMU's virt board (0x1000_0000, PLIC source 10): the console of OpenSBI,
// U-Boot and Linux's 8250 driver. Bytes leave through a sink; the terminal pushes input in.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

#include "core/error.h"

#include "device/irq_line.h"
#include "mem/physical_memory.h"

namespace polyvm::device {

/// NS16550A (TI PC16550D datasheet, "Register descriptions"), reg-shift 0, byte registers.
/// Transmission is instantaneous, so THR is always empty again after a write.
///
///   Uart16550 uart{[&](u8 byte) { terminal.put(byte); }};
///   uart.set_irq(&plic.source(10));
///   size_t taken = uart.push_input(bytes);  // retry the rest when the guest has read some
class Uart16550 : public mem::MmioDevice {
 public:
  static constexpr u64 kSize = 0x100;
  static constexpr std::size_t kFifoSize = 16;
  using Sink = std::function<void(u8)>;

  explicit Uart16550(Sink sink);

  void set_irq(IrqLine* irq);
  /// Queues received bytes while the receiver has room (16 with FIFOs enabled, else 1);
  /// returns how many were taken.
  std::size_t push_input(std::span<const u8> bytes);

  std::optional<u64> read(u64 offset, unsigned size) override;
  bool write(u64 offset, unsigned size, u64 value) override;

  // Snapshots (uart16550_state.cpp): save() writes, parse() checks without changing anything,
  // restore() applies.

  /// The registers and the receive FIFO's bytes; the interrupt level follows from them.
  struct State {
    std::vector<u8> rx;
    u8 ier = 0, fcr = 0, lcr = 0, mcr = 0, scr = 0, dll = 0, dlm = 0;
    bool overrun = false, thr_interrupt = false;
  };
  std::vector<u8> save();
  Result<State> parse(std::span<const u8> section) const;
  /// Applies `state` and drives the interrupt line anew.
  void restore(const State& state);

 private:
  u8 read_register(u64 offset);
  void write_register(u64 offset, u8 value);
  void transmit(u8 byte);
  void receive(u8 byte);
  u8 interrupt_id() const;
  u8 line_status() const;
  u8 modem_status() const;
  std::size_t rx_capacity() const { return fcr_ & kFcrEnable ? kFifoSize : 1; }
  std::size_t rx_trigger() const;
  void update_irq();

  static constexpr u8 kFcrEnable = 0x01;
  static constexpr u8 kLcrDlab = 0x80;
  static constexpr u8 kMcrLoop = 0x10;

  std::mutex mutex_;
  Sink sink_;
  IrqLine* irq_ = nullptr;
  bool irq_level_ = false;
  std::deque<u8> rx_;
  u8 ier_ = 0;
  u8 fcr_ = 0;
  u8 lcr_ = 0;
  u8 mcr_ = 0;
  u8 scr_ = 0;
  u8 dll_ = 0x0c;  ///< 9600 baud from the 1.8432 MHz clock, a common reset value
  u8 dlm_ = 0;
  bool overrun_ = false;
  bool thr_interrupt_ = false;  ///< THRE interrupt armed until IIR is read or THR written
};

}  // namespace polyvm::device
