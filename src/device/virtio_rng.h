// virtio-rng (virtio 1.2, 5.4): the guest's entropy source, filled from the host's getrandom.
#pragma once

#include "device/virtio_device.h"

namespace polyvm::device {

/// Entropy device: one request queue, no features, no configuration.
class VirtioRng : public VirtioDevice {
 public:
  static constexpr u32 kDeviceId = 4;
  static constexpr u32 kMaxPerRequest = 64 * 1024;  ///< a bigger buffer gets a partial fill

  u32 device_id() const override { return kDeviceId; }
  u64 features() const override { return 0; }
  unsigned queue_count() const override { return 1; }
  std::span<const u8> config() const override { return {}; }
  void queue_notify(unsigned index, Virtqueue& queue) override;
};

}  // namespace polyvm::device
