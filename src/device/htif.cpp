// HTIF commands on a write to tohost (QEMU hw/char/riscv_htif.c semantics: a 64-bit write, or
// the upper half of two 32-bit writes, issues the command).
#include "device/htif.h"

#include <cstring>

namespace polyvm::device {

namespace {

constexpr unsigned device_of(u64 v) {
  return static_cast<unsigned>(v >> 56);
}
constexpr unsigned command_of(u64 v) {
  return static_cast<unsigned>(v >> 48 & 0xff);
}
constexpr u64 payload_of(u64 v) {
  return v & ((u64{1} << 48) - 1);
}

}  // namespace

Htif::Htif(u64 tohost_offset, u64 fromhost_offset, Output output, Exit exit)
    : tohost_offset_(tohost_offset),
      fromhost_offset_(fromhost_offset),
      output_(std::move(output)),
      exit_(std::move(exit)),
      page_(kSize, 0) {}

std::optional<u64> Htif::read_word(u64 offset, unsigned size) const {
  if (offset + size > kSize) return std::nullopt;
  u64 v = 0;
  std::memcpy(&v, page_.data() + offset, size);
  return v;
}

std::optional<u64> Htif::read(u64 offset, unsigned size) {
  std::lock_guard lock(mutex_);
  return read_word(offset, size);
}

bool Htif::write(u64 offset, unsigned size, u64 value) {
  std::lock_guard lock(mutex_);
  if (offset + size > kSize) return false;
  std::memcpy(page_.data() + offset, &value, size);
  const bool whole = offset == tohost_offset_ && size == 8;
  const bool upper_half = offset == tohost_offset_ + 4 && size == 4;
  if (whole || upper_half) command(*read_word(tohost_offset_, 8));
  return true;
}

void Htif::command(u64 tohost) {
  const unsigned dev = device_of(tohost), cmd = command_of(tohost);
  const u64 payload = payload_of(tohost);
  u64 response = 0;
  if (dev == 0 && cmd == 0 && (payload & 1)) {
    exit_(static_cast<int>(payload >> 1));
    return;  // tohost keeps the exit command, as the machine is ending
  }
  if (dev == 1 && cmd == 1) {
    output_(static_cast<u8>(payload));
    response = 0x100 | (payload & 0xff);
  } else if (dev == 0 && cmd == 0) {
    return;  // syscall proxying: not provided; tohost stays set as QEMU leaves it
  }
  const u64 zero = 0, fromhost = (tohost >> 48 << 48) | response;
  std::memcpy(page_.data() + tohost_offset_, &zero, 8);
  std::memcpy(page_.data() + fromhost_offset_, &fromhost, 8);
}

}  // namespace polyvm::device
