// The virtio-mmio transport's snapshot state: registers, queues and the device's own state.
// Devices finish requests inside the notify that posts them (virtio-blk reads and writes the
// image synchronously), so between instructions nothing is in flight beyond the rings in RAM.
#include "core/state_stream.h"
#include "device/virtio_mmio.h"

namespace polyvm::device {

namespace {
/// A console's pending input is what the terminal typed ahead; more is not worth a snapshot.
constexpr u64 kMaxDeviceState = u64{1} << 24;
}  // namespace

std::vector<u8> VirtioMmio::save() {
  std::lock_guard lock(mutex_);
  StateWriter out;
  out.put_u32(device_ ? device_->device_id() : 0);
  out.put_u32(device_features_sel_);
  out.put_u32(driver_features_sel_);
  out.put_u32(queue_sel_);
  out.put_u64(driver_features_);
  out.put_u32(interrupt_status_);
  out.put_u32(status_);
  out.put_u32(config_generation_);
  out.put_u32(static_cast<u32>(queues_.size()));
  for (const Virtqueue& queue : queues_) {
    const Virtqueue::State q = queue.state();
    out.put_u16(q.size);
    out.put_u64(q.desc_addr);
    out.put_u64(q.driver_addr);
    out.put_u64(q.device_addr);
    for (bool b : {q.ready, q.broken, q.event_idx, q.indirect}) out.put_bool(b);
    out.put_u16(q.last_avail);
    out.put_u16(q.used_idx);
    out.put_u16(q.signalled_used);
  }
  out.put_bytes(device_ ? device_->save_state() : std::vector<u8>{});
  return out.take();
}

Result<VirtioMmio::State> VirtioMmio::parse(std::span<const u8> section) const {
  StateReader in{section, "virtio"};
  const u32 id = in.get_u32();
  const u32 own_id = device_ ? device_->device_id() : 0;
  if (in.ok() && id != own_id) {
    return fail("snapshot has virtio device {} in a slot where this machine has device {}", id,
                own_id);
  }
  State s;
  s.device_features_sel = in.get_u32();
  s.driver_features_sel = in.get_u32();
  s.queue_sel = in.get_u32();
  s.driver_features = in.get_u64();
  s.interrupt_status = in.get_u32();
  s.status = in.get_u32();
  s.config_generation = in.get_u32();
  const u32 count = in.get_u32();
  if (in.ok() && count != queues_.size()) in.reject();
  for (u32 i = 0; i < count && in.ok(); ++i) {
    Virtqueue::State q;
    q.size = in.get_u16();
    q.desc_addr = in.get_u64();
    q.driver_addr = in.get_u64();
    q.device_addr = in.get_u64();
    for (bool* b : {&q.ready, &q.broken, &q.event_idx, &q.indirect}) *b = in.get_bool();
    q.last_avail = in.get_u16();
    q.used_idx = in.get_u16();
    q.signalled_used = in.get_u16();
    if (!in.ok()) break;
    auto queue = Virtqueue::from_state(memory_, q);
    if (!queue) return fail("snapshot has virtio queue {} outside this machine's RAM", i);
    s.queues.push_back(std::move(*queue));
  }
  s.device = in.get_bytes(kMaxDeviceState);
  if (in.ok() && device_ && !device_->check_state(s.device)) in.reject();
  if (in.ok() && !device_ && !s.device.empty()) in.reject();
  if (auto done = in.finish(); !done) return std::unexpected(done.error());
  return s;
}

void VirtioMmio::restore(const State& s) {
  std::lock_guard lock(mutex_);
  device_features_sel_ = s.device_features_sel;
  driver_features_sel_ = s.driver_features_sel;
  queue_sel_ = s.queue_sel;
  driver_features_ = s.driver_features;
  interrupt_status_ = s.interrupt_status;
  status_ = s.status;
  config_generation_ = s.config_generation;
  queues_ = s.queues;
  if (device_) device_->restore_state(s.device);
  irq_level_ = interrupt_status_ != 0;
  if (irq_) irq_->set(irq_level_);  // whatever its last level: the PLIC was restored first
}

}  // namespace polyvm::device
