// A minimal virtio-mmio driver for device tests: negotiates features, lays out one split queue
// in test RAM and posts hand-built descriptor chains (virtio 1.2, 3.1.1, 4.2.3, 2.7).
#pragma once

#include <atomic>
#include <cstring>
#include <vector>

#include "device/virtio_mmio.h"
#include "recording_irq.h"

namespace polyvm::device::testing {

/// Guest-physical layout of the test RAM.
constexpr u64 kRamBase = 0x8000'0000;
constexpr u64 kRamSize = 1 << 20;
constexpr u64 kDescTable = kRamBase;
constexpr u64 kAvail = kRamBase + 0x1000;
constexpr u64 kUsed = kRamBase + 0x2000;
constexpr u64 kBuffers = kRamBase + 0x10000;
constexpr u16 kQueueSize = 8;

constexpr u16 kNext = 1, kWrite = 2, kIndirect = 4;
constexpr u32 kAcknowledge = 1, kDriver = 2, kDriverOk = 4, kFeaturesOk = 8, kNeedsReset = 64;

struct Desc {
  u64 addr;
  u32 len;
  u16 flags;
  u16 next;
};

class VirtioDriver {
 public:
  VirtioDriver(mem::PhysicalMemory& memory, VirtioMmio& mmio) : memory_(memory), mmio_(mmio) {
    mmio_.set_irq(&irq);
  }

  u32 reg(u64 offset) { return static_cast<u32>(mmio_.read(offset, 4).value()); }
  void set(u64 offset, u32 value) { mmio_.write(offset, 4, value); }

  /// 3.1.1 steps 1-6 with `features` (VERSION_1 is bit 32) and every queue at kQueueSize;
  /// queue q's rings sit at the layout above plus q * 0x4000.
  void initialize(u64 features, unsigned queues = 1) {
    set(0x070, 0);
    set(0x070, kAcknowledge | kDriver);
    set(0x024, 0);
    set(0x020, static_cast<u32>(features));
    set(0x024, 1);
    set(0x020, static_cast<u32>(features >> 32));
    set(0x070, kAcknowledge | kDriver | kFeaturesOk);
    for (unsigned q = 0; q < queues; ++q) setup_queue(q);
    set(0x070, kAcknowledge | kDriver | kFeaturesOk | kDriverOk);
  }

  void setup_queue(unsigned q) {
    const u64 shift = 0x4000 * q;
    set(0x030, q);
    set(0x038, kQueueSize);
    set(0x080, static_cast<u32>(kDescTable + shift));
    set(0x084, static_cast<u32>((kDescTable + shift) >> 32));
    set(0x090, static_cast<u32>(kAvail + shift));
    set(0x094, static_cast<u32>((kAvail + shift) >> 32));
    set(0x0a0, static_cast<u32>(kUsed + shift));
    set(0x0a4, static_cast<u32>((kUsed + shift) >> 32));
    set(0x044, 1);
  }

  u8* ram(u64 addr) { return memory_.ram(PAddr{addr}, 1); }
  template <typename T>
  void poke(u64 addr, T v) {
    std::memcpy(ram(addr), &v, sizeof v);
  }
  template <typename T>
  T peek(u64 addr) {
    T v;
    std::memcpy(&v, ram(addr), sizeof v);
    return v;
  }

  /// Writes descriptors from `index` on in queue q's table (or any table at `table`).
  void descriptors(const std::vector<Desc>& descs, u64 table = kDescTable, u16 index = 0) {
    for (const Desc& d : descs) {
      const u64 at = table + 16 * u64{index++};
      poke(at, d.addr);
      poke(at + 8, d.len);
      poke(at + 12, d.flags);
      poke(at + 14, d.next);
    }
  }

  /// Makes `head` available in queue q and notifies the device.
  void post(u16 head, unsigned q = 0) {
    const u64 avail = kAvail + 0x4000 * q;
    const u16 idx = peek<u16>(avail + 2);
    poke<u16>(avail + 4 + 2 * (idx % kQueueSize), head);
    index(avail + 2).store(static_cast<u16>(idx + 1), std::memory_order_release);  // 2.7.13
    set(0x050, q);
  }

  u16 used_idx(unsigned q = 0) {
    return index(kUsed + 0x4000 * q + 2).load(std::memory_order_acquire);
  }
  /// A ring index shared with the device, accessed as a real driver does (with barriers).
  std::atomic_ref<u16> index(u64 addr) {
    return std::atomic_ref<u16>(*reinterpret_cast<u16*>(ram(addr)));
  }
  /// The id and length of used element `i` of queue q.
  std::pair<u32, u32> used(u16 i, unsigned q = 0) {
    const u64 elem = kUsed + 0x4000 * q + 4 + 8 * (i % kQueueSize);
    return {peek<u32>(elem), peek<u32>(elem + 4)};
  }

  RecordingIrq irq;

 private:
  mem::PhysicalMemory& memory_;
  VirtioMmio& mmio_;
};

constexpr u64 kVersion1 = u64{1} << 32;

}  // namespace polyvm::device::testing
