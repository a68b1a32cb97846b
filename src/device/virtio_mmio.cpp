// virtio-mmio register file (virtio 1.2, 4.2.2 table "MMIO Device Register Layout"), feature
// negotiation (3.1.1), device status and reset (2.1, 4.2.3.1), and used-buffer interrupts.
#include "device/virtio_mmio.h"

#include "device/register_access.h"

namespace polyvm::device {

namespace {
constexpr u64 kMagicValue = 0x000;
constexpr u64 kVersion = 0x004;
constexpr u64 kDeviceId = 0x008;
constexpr u64 kVendorId = 0x00c;
constexpr u64 kDeviceFeatures = 0x010;
constexpr u64 kDeviceFeaturesSel = 0x014;
constexpr u64 kDriverFeatures = 0x020;
constexpr u64 kDriverFeaturesSel = 0x024;
constexpr u64 kQueueSel = 0x030;
constexpr u64 kQueueNumMax = 0x034;
constexpr u64 kQueueNum = 0x038;
constexpr u64 kQueueReady = 0x044;
constexpr u64 kQueueNotify = 0x050;
constexpr u64 kInterruptStatus = 0x060;
constexpr u64 kInterruptAck = 0x064;
constexpr u64 kStatus = 0x070;
constexpr u64 kQueueDescLow = 0x080;
constexpr u64 kQueueDescHigh = 0x084;
constexpr u64 kQueueDriverLow = 0x090;
constexpr u64 kQueueDriverHigh = 0x094;
constexpr u64 kQueueDeviceLow = 0x0a0;
constexpr u64 kQueueDeviceHigh = 0x0a4;
constexpr u64 kShmLenLow = 0x0b0;
constexpr u64 kShmLenHigh = 0x0b4;
constexpr u64 kConfigGeneration = 0x0fc;
constexpr u64 kConfig = 0x100;

constexpr u32 kStatusDriverOk = 4;
constexpr u32 kStatusFeaturesOk = 8;

constexpr u32 kInterruptUsedBuffer = 1;
constexpr u32 kInterruptConfigChange = 2;

constexpr u64 kFeatureIndirectDesc = u64{1} << 28;
constexpr u64 kFeatureEventIdx = u64{1} << 29;
constexpr u64 kFeatureVersion1 = u64{1} << 32;
}  // namespace

VirtioMmio::VirtioMmio(const mem::PhysicalMemory& memory, VirtioDevice* device)
    : memory_(memory), device_(device), queues_(device ? device->queue_count() : 0) {
  if (device_) device_->attach(*this);
}

void VirtioMmio::set_irq(IrqLine* irq) {
  std::lock_guard lock(mutex_);
  irq_ = irq;
  if (irq_) irq_->set(irq_level_);
}

u32 VirtioMmio::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

u64 VirtioMmio::offered_features() const {
  if (!device_) return 0;
  return device_->features() | kFeatureVersion1 | kFeatureIndirectDesc | kFeatureEventIdx;
}

Virtqueue* VirtioMmio::selected() {
  return queue_sel_ < queues_.size() ? &queues_[queue_sel_] : nullptr;
}

std::optional<u64> VirtioMmio::read(u64 offset, unsigned size) {
  std::lock_guard lock(mutex_);
  if (offset >= kConfig) {  // 4.2.2.2: config space takes any naturally aligned width
    if (!device_) return 0;
    const std::span<const u8> config = device_->config();
    u64 value = 0;
    for (unsigned i = 0; i < size; ++i) {
      const u64 at = offset - kConfig + i;
      if (at < config.size()) value |= u64{config[at]} << (8 * i);
    }
    return value;
  }
  if (size != 4 || offset % 4) return std::nullopt;  // 4.2.2.2: registers are 32-bit
  return read_register(offset);
}

u32 VirtioMmio::read_register(u64 offset) {
  Virtqueue* queue = selected();
  switch (offset) {
    case kMagicValue:
      return kMagic;
    case kVersion:
      return 2;
    case kDeviceId:
      return device_ ? device_->device_id() : 0;
    case kVendorId:
      return kVendor;
    case kDeviceFeatures:
      return device_features_sel_ < 2 ? read_part(offered_features(), 4 * device_features_sel_, 4)
                                      : 0;
    case kQueueNumMax:
      return queue ? Virtqueue::kMaxSize : 0;
    case kQueueReady:
      return queue && queue->ready() ? 1 : 0;
    case kInterruptStatus:
      return interrupt_status_;
    case kStatus:
      return status_;
    case kQueueDescLow:
      return queue ? read_part(queue->desc_addr, 0, 4) : 0;
    case kQueueDescHigh:
      return queue ? read_part(queue->desc_addr, 4, 4) : 0;
    case kQueueDriverLow:
      return queue ? read_part(queue->driver_addr, 0, 4) : 0;
    case kQueueDriverHigh:
      return queue ? read_part(queue->driver_addr, 4, 4) : 0;
    case kQueueDeviceLow:
      return queue ? read_part(queue->device_addr, 0, 4) : 0;
    case kQueueDeviceHigh:
      return queue ? read_part(queue->device_addr, 4, 4) : 0;
    case kShmLenLow:
    case kShmLenHigh:
      return ~u32{0};  // 4.2.2: no shared memory region
    case kConfigGeneration:
      return config_generation_;
    default:
      return 0;
  }
}

bool VirtioMmio::write(u64 offset, unsigned size, u64 value) {
  std::lock_guard lock(mutex_);
  if (offset >= kConfig) return true;  // no device here has writable configuration fields
  if (size != 4 || offset % 4) return false;
  write_register(offset, static_cast<u32>(value));
  return true;
}

void VirtioMmio::write_register(u64 offset, u32 value) {
  switch (offset) {
    case kDeviceFeaturesSel:
      device_features_sel_ = value;
      break;
    case kDriverFeaturesSel:
      driver_features_sel_ = value;
      break;
    case kDriverFeatures:
      // 3.1.1: features may change only before FEATURES_OK.
      if (driver_features_sel_ < 2 && !(status_ & kStatusFeaturesOk)) {
        driver_features_ = write_part(driver_features_, 4 * driver_features_sel_, 4, value);
      }
      break;
    case kQueueSel:
      queue_sel_ = value;
      break;
    case kQueueNotify:
      notify(value);
      break;
    case kInterruptAck:
      interrupt_status_ &= ~value;
      update_irq();
      break;
    case kStatus:
      write_status(value);
      break;
    default:
      write_queue_register(offset, value);
      break;
  }
}

// 4.2.2.3: the queue's size and addresses may change only while it is not ready.
void VirtioMmio::write_queue_register(u64 offset, u32 value) {
  Virtqueue* queue = selected();
  if (!queue) return;
  if (offset == kQueueReady) {
    set_queue_ready(value & 1);
    return;
  }
  if (queue->ready()) return;
  switch (offset) {
    case kQueueNum:
      queue->size = static_cast<u16>(value > 0xffff ? 0 : value);
      break;
    case kQueueDescLow:
      queue->desc_addr = write_part(queue->desc_addr, 0, 4, value);
      break;
    case kQueueDescHigh:
      queue->desc_addr = write_part(queue->desc_addr, 4, 4, value);
      break;
    case kQueueDriverLow:
      queue->driver_addr = write_part(queue->driver_addr, 0, 4, value);
      break;
    case kQueueDriverHigh:
      queue->driver_addr = write_part(queue->driver_addr, 4, 4, value);
      break;
    case kQueueDeviceLow:
      queue->device_addr = write_part(queue->device_addr, 0, 4, value);
      break;
    case kQueueDeviceHigh:
      queue->device_addr = write_part(queue->device_addr, 4, 4, value);
      break;
    default:
      break;
  }
}

void VirtioMmio::set_queue_ready(bool ready) {
  Virtqueue& queue = *selected();
  if (!ready) {
    queue.disable();
    return;
  }
  if (queue.ready()) return;
  if (!queue.enable(memory_, driver_features_ & kFeatureEventIdx,
                    driver_features_ & kFeatureIndirectDesc)) {
    needs_reset();
  }
}

// 2.1.2 and 3.1.1: writing 0 resets; FEATURES_OK sticks only for an acceptable feature set,
// which must include VERSION_1 (modern only) and nothing the device did not offer.
void VirtioMmio::write_status(u32 value) {
  if (value == 0) {
    reset();
    return;
  }
  if ((value & kStatusFeaturesOk) && !(status_ & kStatusFeaturesOk)) {
    const bool acceptable =
        (driver_features_ & ~offered_features()) == 0 && (driver_features_ & kFeatureVersion1);
    if (!acceptable) value &= ~kStatusFeaturesOk;
  }
  status_ = value | (status_ & kStatusNeedsReset);
}

void VirtioMmio::notify(unsigned queue) {
  if (!device_ || queue >= queues_.size() || !(status_ & kStatusDriverOk) ||
      (status_ & kStatusNeedsReset) || !queues_[queue].ready()) {
    return;
  }
  device_->queue_notify(queue, queues_[queue]);
  if (queues_[queue].broken()) {
    needs_reset();
    return;
  }
  if (queues_[queue].take_interrupt()) {
    interrupt_status_ |= kInterruptUsedBuffer;
    update_irq();
  }
}

void VirtioMmio::serve(unsigned queue) {
  std::lock_guard lock(mutex_);
  notify(queue);
}

// 2.1.2: a device in an error state sets DEVICE_NEEDS_RESET and tells the driver through a
// configuration change notification (4.2.3.3).
void VirtioMmio::needs_reset() {
  status_ |= kStatusNeedsReset;
  interrupt_status_ |= kInterruptConfigChange;
  update_irq();
}

void VirtioMmio::reset() {
  for (Virtqueue& queue : queues_) queue.reset();
  if (device_) device_->reset();
  device_features_sel_ = driver_features_sel_ = queue_sel_ = 0;
  driver_features_ = 0;
  interrupt_status_ = 0;
  status_ = 0;
  update_irq();
}

void VirtioMmio::update_irq() {
  const bool level = interrupt_status_ != 0;
  if (level == irq_level_) return;
  irq_level_ = level;
  if (irq_) irq_->set(level);
}

}  // namespace polyvm::device
