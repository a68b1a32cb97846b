// A virtqueue's snapshot state: the driver's layout and the device's ring indexes. The rings
// themselves are in guest RAM, which the snapshot saves whole.
#include "device/virtqueue.h"

namespace polyvm::device {

Virtqueue::State Virtqueue::state() const {
  return {.size = size,
          .desc_addr = desc_addr,
          .driver_addr = driver_addr,
          .device_addr = device_addr,
          .ready = ready_,
          .broken = broken_,
          .event_idx = event_idx_,
          .indirect = indirect_,
          .last_avail = last_avail_,
          .used_idx = used_idx_,
          .signalled_used = signalled_used_};
}

std::optional<Virtqueue> Virtqueue::from_state(const mem::PhysicalMemory& memory,
                                               const State& state) {
  Virtqueue queue;
  queue.size = state.size;
  queue.desc_addr = state.desc_addr;
  queue.driver_addr = state.driver_addr;
  queue.device_addr = state.device_addr;
  if (state.ready && !queue.enable(memory, state.event_idx, state.indirect)) return std::nullopt;
  queue.ready_ = state.ready;
  queue.broken_ = state.broken;
  queue.event_idx_ = state.event_idx;
  queue.indirect_ = state.indirect;
  queue.last_avail_ = state.last_avail;
  queue.used_idx_ = state.used_idx;
  queue.signalled_used_ = state.signalled_used;
  return queue;
}

}  // namespace polyvm::device
