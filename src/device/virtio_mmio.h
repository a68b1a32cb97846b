// The virtio-mmio transport (virtio 1.2, 4.2.2, version 2 only) of virt's eight slots at
// 0x1000_1000..0x1000_8000 (PLIC sources 1..8), in front of a blk, rng or console device.
#pragma once

#include <mutex>
#include <span>
#include <vector>

#include "core/error.h"

#include "device/irq_line.h"
#include "device/virtio_device.h"
#include "mem/physical_memory.h"

namespace polyvm::device {

/// One virtio-mmio slot. With no device it reports device ID 0, as QEMU's empty slots do.
///
///   VirtioBlk disk = *VirtioBlk::open("disk.img", false);
///   VirtioMmio slot{memory, &disk};
///   slot.set_irq(&plic.source(1));
///   memory.add_device(PAddr{0x1000'1000}, VirtioMmio::kSize, slot);
class VirtioMmio : public mem::MmioDevice, private VirtioHost {
 public:
  static constexpr u64 kSize = 0x1000;
  static constexpr u32 kMagic = 0x74726976;   ///< "virt"
  static constexpr u32 kVendor = 0x554d4551;  ///< "QEMU", as QEMU's transport reports
  static constexpr u32 kStatusNeedsReset = 64;

  VirtioMmio(const mem::PhysicalMemory& memory, VirtioDevice* device);

  void set_irq(IrqLine* irq);
  u32 status() const;

  std::optional<u64> read(u64 offset, unsigned size) override;
  bool write(u64 offset, unsigned size, u64 value) override;

  // Snapshots (virtio_mmio_state.cpp): save() writes, parse() checks without changing
  // anything, restore() applies.

  /// The transport's registers, its queues and the device's own state.
  struct State {
    u32 device_features_sel = 0, driver_features_sel = 0, queue_sel = 0;
    u64 driver_features = 0;
    u32 interrupt_status = 0, status = 0, config_generation = 0;
    std::vector<Virtqueue> queues;  ///< rebuilt, layouts checked against RAM
    std::vector<u8> device;         ///< VirtioDevice::save_state()
  };
  std::vector<u8> save();
  /// A state save() wrote for a slot holding the same kind of device, or an error.
  Result<State> parse(std::span<const u8> section) const;
  /// Applies `state` (queues and device) and drives the interrupt line anew.
  void restore(const State& state);

 private:
  void serve(unsigned queue) override;
  u64 offered_features() const;
  u32 read_register(u64 offset);
  void write_register(u64 offset, u32 value);
  void write_queue_register(u64 offset, u32 value);
  void write_status(u32 value);
  void set_queue_ready(bool ready);
  void notify(unsigned queue);
  void needs_reset();
  void reset();
  void update_irq();
  Virtqueue* selected();

  mutable std::mutex mutex_;
  const mem::PhysicalMemory& memory_;
  VirtioDevice* device_;
  std::vector<Virtqueue> queues_;
  IrqLine* irq_ = nullptr;
  bool irq_level_ = false;
  u32 device_features_sel_ = 0;
  u32 driver_features_sel_ = 0;
  u64 driver_features_ = 0;
  u32 queue_sel_ = 0;
  u32 interrupt_status_ = 0;
  u32 status_ = 0;
  u32 config_generation_ = 0;
};

}  // namespace polyvm::device
