// An interrupt input as devices see it: a level they raise and lower, so devices never know
// whether a PLIC, an emulated hart or KVM sits on the other end (ARCHITECTURE.md, device/).
#pragma once

namespace polyvm::device {

/// A level-sensitive interrupt wire. Implementations must tolerate repeated equal levels and
/// calls from any thread (devices run on the hart that touched them or on an I/O thread).
/// Devices call set() with their own lock held, so an implementation must not call back into
/// a device (lock order: device, then PLIC, then hart).
class IrqLine {
 public:
  virtual ~IrqLine() = default;
  virtual void set(bool level) = 0;
};

}  // namespace polyvm::device
