// Split virtqueues (virtio 1.2, 2.7) read from guest RAM: every index, length and address the
// guest supplies is checked, and a queue that breaks the rules stops instead of hurting the host.
#pragma once

#include <sys/uio.h>

#include <optional>
#include <span>
#include <vector>

#include "mem/physical_memory.h"

namespace polyvm::device {

/// Host view of one descriptor's buffer, already checked to lie inside guest RAM.
struct Segment {
  u8* host = nullptr;
  u32 length = 0;
};

/// A popped descriptor chain: the device-readable buffers, then the device-writable ones.
struct Chain {
  u16 head = 0;
  std::vector<Segment> readable;
  std::vector<Segment> writable;

  u64 readable_size() const;
  u64 writable_size() const;
  /// Copies readable bytes from byte `offset` on into `out`; returns how many were copied.
  std::size_t read(u64 offset, std::span<u8> out) const;
  /// Copies `in` into the writable bytes from byte `offset` on; returns how many were copied.
  std::size_t write(u64 offset, std::span<const u8> in) const;
  /// iovecs for `length` readable (or writable) bytes from byte `offset`, for preadv/pwritev.
  std::vector<iovec> slice(bool writable, u64 offset, u64 length) const;
};

/// One split virtqueue's driver-programmed layout and the device's progress through it.
class Virtqueue {
 public:
  static constexpr u16 kMaxSize = 256;  ///< QueueNumMax we advertise (a power of two)

  /// Driver-visible registers, written through the transport before QueueReady.
  u16 size = kMaxSize;
  u64 desc_addr = 0;
  u64 driver_addr = 0;
  u64 device_addr = 0;

  /// Checks the layout against RAM (2.7: alignment, power-of-two size) and starts at index 0.
  bool enable(const mem::PhysicalMemory& memory, bool event_idx, bool indirect);
  void reset();
  /// Stops serving the queue (QueueReady = 0) but keeps the layout registers.
  void disable() { ready_ = false; }
  bool ready() const { return ready_; }
  /// True once the driver broke a rule; the transport then asks for a reset.
  bool broken() const { return broken_; }

  /// The next available chain, or nullopt when none is left (or the queue broke).
  std::optional<Chain> pop();
  /// Returns a chain to the driver with `written` bytes in its writable buffers.
  void push(const Chain& chain, u32 written);
  /// Whether the driver wants an interrupt for what was pushed since the last call (2.7.7,
  /// 2.7.10: NO_INTERRUPT or used_event).
  bool take_interrupt();

  /// A queue's layout and the device's progress through it, as a snapshot keeps them.
  struct State {
    u16 size = kMaxSize;
    u64 desc_addr = 0, driver_addr = 0, device_addr = 0;
    bool ready = false, broken = false, event_idx = false, indirect = false;
    u16 last_avail = 0, used_idx = 0, signalled_used = 0;
  };
  State state() const;
  /// The queue `state` describes; a ready one's layout is checked against `memory` as enable()
  /// checks it (nullopt if it does not fit). In virtqueue_state.cpp.
  static std::optional<Virtqueue> from_state(const mem::PhysicalMemory& memory, const State& state);

 private:
  struct Descriptor {
    u64 addr;
    u32 len;
    u16 flags;
    u16 next;
  };
  static_assert(sizeof(Descriptor) == 16, "struct virtq_desc (2.7.5)");
  Descriptor descriptor(const u8* table, u16 index) const;
  bool add_segment(Chain& chain, const Descriptor& d);
  bool walk(Chain& chain, const u8* table, u16 count, u16 first, bool nested);
  std::optional<Chain> fail();

  const mem::PhysicalMemory* memory_ = nullptr;
  u8* desc_ = nullptr;
  u8* avail_ = nullptr;
  u8* used_ = nullptr;
  bool ready_ = false;
  bool broken_ = false;
  bool event_idx_ = false;
  bool indirect_ = false;
  u16 last_avail_ = 0;
  u16 used_idx_ = 0;
  u16 signalled_used_ = 0;  ///< used index when the driver was last interrupted
};

}  // namespace polyvm::device
