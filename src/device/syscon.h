// QEMU's "sifive,test" finisher at 0x10_0000, which virt's syscon-poweroff/-reboot nodes and
// bare-metal tests write to end the machine; the board learns what was asked through a callback.
#pragma once

#include <functional>

#include "mem/physical_memory.h"

namespace polyvm::device {

/// What the guest asked of the board.
struct SysconRequest {
  enum class Kind { kPoweroff, kFail, kReset };
  Kind kind = Kind::kPoweroff;
  u16 code = 0;  ///< kFail: the upper 16 bits of the written word
};

/// QEMU hw/misc/sifive_test.c: a write to offset 0 of 0x5555 powers off (pass), 0x3333
/// fails with the code in bits 31:16, 0x7777 resets; other values are ignored.
class Syscon : public mem::MmioDevice {
 public:
  static constexpr u64 kSize = 0x1000;
  using Handler = std::function<void(SysconRequest)>;

  explicit Syscon(Handler handler) : handler_(std::move(handler)) {}

  std::optional<u64> read(u64 offset, unsigned size) override;
  bool write(u64 offset, unsigned size, u64 value) override;

 private:
  Handler handler_;
};

}  // namespace polyvm::device
