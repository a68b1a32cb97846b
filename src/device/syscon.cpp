// The finisher's decoding of status and code (QEMU hw/misc/sifive_test.c).
#include "device/syscon.h"

namespace polyvm::device {

namespace {
constexpr u32 kFail = 0x3333;
constexpr u32 kPass = 0x5555;
constexpr u32 kReset = 0x7777;
}  // namespace

std::optional<u64> Syscon::read(u64, unsigned) {
  return 0;
}

bool Syscon::write(u64 offset, unsigned size, u64 value) {
  if (offset != 0 || size != 4) return true;  // QEMU ignores anything but the word at 0
  const u32 status = value & 0xffff;
  const auto code = static_cast<u16>(value >> 16);
  if (!handler_) return true;
  switch (status) {
    case kPass:
      handler_({SysconRequest::Kind::kPoweroff, 0});
      break;
    case kFail:
      handler_({SysconRequest::Kind::kFail, code});
      break;
    case kReset:
      handler_({SysconRequest::Kind::kReset, 0});
      break;
    default:
      break;
  }
  return true;
}

}  // namespace polyvm::device
