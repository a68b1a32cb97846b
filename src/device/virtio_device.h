// What a virtio device type (blk, rng, console) supplies to the virtio-mmio transport, so each
// device file holds only its own section of the spec.
#pragma once

#include <span>
#include <vector>

#include "core/types.h"
#include "device/virtqueue.h"

namespace polyvm::device {

/// Lets a device serve a queue on a host event (console input arriving), outside a notify.
class VirtioHost {
 public:
  virtual ~VirtioHost() = default;
  /// Runs the device's queue_notify for `queue` as if the driver had notified it.
  virtual void serve(unsigned queue) = 0;
};

/// A virtio device type behind the transport (virtio 1.2, chapter 5).
class VirtioDevice {
 public:
  virtual ~VirtioDevice() = default;
  virtual u32 device_id() const = 0;
  /// Device-type feature bits; the transport adds VERSION_1, INDIRECT_DESC and EVENT_IDX.
  virtual u64 features() const = 0;
  virtual unsigned queue_count() const = 0;
  /// The device configuration space (little-endian), read through the transport.
  virtual std::span<const u8> config() const = 0;
  /// Consumes the queue's available chains; called with the transport's lock held.
  virtual void queue_notify(unsigned index, Virtqueue& queue) = 0;
  /// Forgets per-driver state on a device reset.
  virtual void reset() {}
  /// The transport introduces itself once; devices fed by host events keep it.
  virtual void attach(VirtioHost&) {}

  // Snapshots. The transport saves the queues; a device saves what it holds beyond them. A
  // device that completes each request inside queue_notify (virtio-blk, virtio-rng) has nothing
  // in flight between instructions, so the defaults, no state, fit it.

  /// The device's own state for a snapshot.
  virtual std::vector<u8> save_state() { return {}; }
  /// Whether `state` is one save_state() could have written; changes nothing.
  virtual bool check_state(std::span<const u8> state) const { return state.empty(); }
  /// Applies a state check_state() accepted.
  virtual void restore_state(std::span<const u8>) {}
};

}  // namespace polyvm::device
