// Narrow MMIO accesses to wide registers: the CLINT's 64-bit mtime/mtimecmp and virtio's split
// 64-bit addresses are read and written in 4-byte halves by 32-bit drivers.
#pragma once

#include "core/types.h"

namespace polyvm::device {

/// All-ones in the low `size` bytes (size 1, 2, 4 or 8).
constexpr u64 size_mask(unsigned size) {
  return size >= 8 ? ~u64{0} : (u64{1} << (8 * size)) - 1;
}

/// The `size` bytes at byte `shift` of a little-endian register.
constexpr u64 read_part(u64 reg, unsigned shift, unsigned size) {
  return (reg >> (8 * shift)) & size_mask(size);
}

/// `reg` with the `size` bytes at byte `shift` replaced by `value`.
constexpr u64 write_part(u64 reg, unsigned shift, unsigned size, u64 value) {
  const u64 mask = size_mask(size) << (8 * shift);
  return (reg & ~mask) | ((value << (8 * shift)) & mask);
}

}  // namespace polyvm::device
