// Where QEMU's riscv64 `virt` machine puts RAM and devices (hw/riscv/virt.c, virt_memmap), and
// their PLIC sources: one table for the device tree, the boot loaders and the board.
#pragma once

#include "core/types.h"

namespace polyvm::board::riscv64 {

inline constexpr u64 kTestBase = 0x0010'0000;  ///< sifive,test finisher (device::Syscon)
inline constexpr u64 kTestSize = 0x1000;
inline constexpr u64 kClintBase = 0x0200'0000;
inline constexpr u64 kClintSize = 0x1'0000;
inline constexpr u64 kPlicBase = 0x0c00'0000;
inline constexpr u64 kPlicSize = 0x60'0000;
inline constexpr u64 kUartBase = 0x1000'0000;
inline constexpr u64 kUartSize = 0x100;
inline constexpr u64 kVirtioBase = 0x1000'1000;  ///< slot n at kVirtioBase + n * kVirtioStride
inline constexpr u64 kVirtioStride = 0x1000;
inline constexpr unsigned kVirtioSlots = 8;
inline constexpr u64 kRamBase = 0x8000'0000;

inline constexpr unsigned kUartIrq = 10;        ///< PLIC source of the UART
inline constexpr unsigned kVirtioFirstIrq = 1;  ///< PLIC source of virtio slot n is 1 + n
inline constexpr unsigned kPlicSources = 96;    ///< riscv,ndev in QEMU 7.2's tree
inline constexpr unsigned kMaxHarts = 512;      ///< QEMU 7.2: VIRT_CPUS_MAX

inline constexpr u64 kTimebaseHz = 10'000'000;  ///< CLINT mtime rate, timebase-frequency
inline constexpr u32 kUartClockHz = 0x38'4000;  ///< 3.6864 MHz, clock-frequency of the UART

/// The address of virtio-mmio slot `n` (0..7).
constexpr u64 virtio_slot_base(unsigned n) {
  return kVirtioBase + n * kVirtioStride;
}

/// The slot of the `nth` virtio device (from 0, in command-line order): QEMU fills slots from
/// the highest address down, so the first device is at 0x10008000 and is Linux's virtio0.
constexpr unsigned virtio_slot_of_device(unsigned nth) {
  return kVirtioSlots - 1 - nth;
}

}  // namespace polyvm::board::riscv64
