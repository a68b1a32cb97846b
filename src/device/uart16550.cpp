// 16550 register semantics from the TI PC16550D datasheet (tables 2-6): LSR, IIR priorities,
// FIFO control, divisor latch, loopback; interrupt behaviour as QEMU hw/char/serial.c.
#include "device/uart16550.h"

namespace polyvm::device {

namespace {
// Register offsets (reg-shift 0).
constexpr u64 kRbrThr = 0;
constexpr u64 kIer = 1;
constexpr u64 kIirFcr = 2;
constexpr u64 kLcr = 3;
constexpr u64 kMcr = 4;
constexpr u64 kLsr = 5;
constexpr u64 kMsr = 6;
constexpr u64 kScr = 7;

constexpr u8 kIerRda = 0x01;   // received data available
constexpr u8 kIerThre = 0x02;  // transmitter holding register empty
constexpr u8 kIerRls = 0x04;   // receiver line status

constexpr u8 kLsrDr = 0x01;
constexpr u8 kLsrOe = 0x02;
constexpr u8 kLsrThre = 0x20;
constexpr u8 kLsrTemt = 0x40;

constexpr u8 kIirNone = 0x01;
constexpr u8 kIirRls = 0x06;
constexpr u8 kIirRda = 0x04;
constexpr u8 kIirTimeout = 0x0c;
constexpr u8 kIirThre = 0x02;
constexpr u8 kIirFifos = 0xc0;

constexpr u8 kFcrClearRx = 0x02;

// MSR without loopback: no modem attached, the lines QEMU reports as asserted (DCD, DSR, CTS).
constexpr u8 kMsrIdle = 0xb0;
}  // namespace

Uart16550::Uart16550(Sink sink) : sink_(std::move(sink)) {}

void Uart16550::set_irq(IrqLine* irq) {
  std::lock_guard lock(mutex_);
  irq_ = irq;
  if (irq_) irq_->set(irq_level_);
}

std::size_t Uart16550::push_input(std::span<const u8> bytes) {
  std::lock_guard lock(mutex_);
  if (mcr_ & kMcrLoop) return 0;  // the receiver listens to the transmitter in loopback
  std::size_t taken = 0;
  while (taken < bytes.size() && rx_.size() < rx_capacity()) rx_.push_back(bytes[taken++]);
  update_irq();
  return taken;
}

std::optional<u64> Uart16550::read(u64 offset, unsigned size) {
  if (size != 1) return std::nullopt;
  std::lock_guard lock(mutex_);
  return read_register(offset);
}

bool Uart16550::write(u64 offset, unsigned size, u64 value) {
  if (size != 1) return false;
  std::lock_guard lock(mutex_);
  write_register(offset, static_cast<u8>(value));
  return true;
}

u8 Uart16550::read_register(u64 offset) {
  switch (offset) {
    case kRbrThr: {
      if (lcr_ & kLcrDlab) return dll_;
      if (rx_.empty()) return 0;
      const u8 byte = rx_.front();
      rx_.pop_front();
      update_irq();
      return byte;
    }
    case kIer:
      return lcr_ & kLcrDlab ? dlm_ : ier_;
    case kIirFcr: {
      const u8 id = interrupt_id();
      if (id == kIirThre) {  // reading IIR acknowledges the THRE interrupt
        thr_interrupt_ = false;
        update_irq();
      }
      return id | (fcr_ & kFcrEnable ? kIirFifos : 0);
    }
    case kLcr:
      return lcr_;
    case kMcr:
      return mcr_;
    case kLsr: {
      const u8 lsr = line_status();
      overrun_ = false;  // OE clears when LSR is read
      update_irq();
      return lsr;
    }
    case kMsr:
      return modem_status();
    case kScr:
      return scr_;
    default:
      return 0;
  }
}

void Uart16550::write_register(u64 offset, u8 value) {
  switch (offset) {
    case kRbrThr:
      if (lcr_ & kLcrDlab) {
        dll_ = value;
      } else {
        transmit(value);
      }
      break;
    case kIer:
      if (lcr_ & kLcrDlab) {
        dlm_ = value;
        break;
      }
      // Enabling THRE while THR is empty raises the interrupt at once (datasheet, IER bit 1).
      if ((value & kIerThre) && !(ier_ & kIerThre)) thr_interrupt_ = true;
      ier_ = value & 0x0f;
      update_irq();
      break;
    case kIirFcr:
      if ((value & kFcrEnable) != (fcr_ & kFcrEnable) || (value & kFcrClearRx)) rx_.clear();
      fcr_ = value & 0xc9;  // trigger level, DMA mode and enable; the reset bits self-clear
      update_irq();
      break;
    case kLcr:
      lcr_ = value;
      break;
    case kMcr:
      mcr_ = value & 0x1f;
      break;
    case kScr:
      scr_ = value;
      break;
    default:
      break;  // LSR and MSR are read-only
  }
}

void Uart16550::transmit(u8 byte) {
  if (mcr_ & kMcrLoop) {
    receive(byte);
  } else if (sink_) {
    sink_(byte);
  }
  thr_interrupt_ = true;  // the byte left at once; THR is empty again
  update_irq();
}

void Uart16550::receive(u8 byte) {
  if (rx_.size() >= rx_capacity()) {
    overrun_ = true;
    return;
  }
  rx_.push_back(byte);
}

std::size_t Uart16550::rx_trigger() const {
  if (!(fcr_ & kFcrEnable)) return 1;
  constexpr std::size_t kLevels[] = {1, 4, 8, 14};
  return kLevels[fcr_ >> 6];
}

// Datasheet table 4: line status > received data (or character timeout) > THRE > modem status.
// Data below the trigger level reports as a character timeout, as if the timeout had elapsed.
u8 Uart16550::interrupt_id() const {
  if ((ier_ & kIerRls) && overrun_) return kIirRls;
  if ((ier_ & kIerRda) && !rx_.empty()) return rx_.size() >= rx_trigger() ? kIirRda : kIirTimeout;
  if ((ier_ & kIerThre) && thr_interrupt_) return kIirThre;
  return kIirNone;
}

u8 Uart16550::line_status() const {
  return (rx_.empty() ? 0 : kLsrDr) | (overrun_ ? kLsrOe : 0) | kLsrThre | kLsrTemt;
}

// In loopback MSR's upper nibble mirrors MCR: CTS<-RTS, DSR<-DTR, RI<-OUT1, DCD<-OUT2.
u8 Uart16550::modem_status() const {
  if (!(mcr_ & kMcrLoop)) return kMsrIdle;
  return static_cast<u8>(((mcr_ & 0x02) << 3) | ((mcr_ & 0x01) << 5) | ((mcr_ & 0x04) << 4) |
                         ((mcr_ & 0x08) << 4));
}

void Uart16550::update_irq() {
  const bool level = interrupt_id() != kIirNone;
  if (level == irq_level_) return;
  irq_level_ = level;
  if (irq_) irq_->set(level);
}

}  // namespace polyvm::device
