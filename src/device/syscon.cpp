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
  // QEMU takes 2- and 4-byte writes at offset 0 and ignores the rest of the page.
  if (offset != 0 || (size != 2 && size != 4)) return true;
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
