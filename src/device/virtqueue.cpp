// Descriptor walking and used-ring updates of split virtqueues (virtio 1.2, 2.7.5-2.7.8, 2.7.10).
#include "device/virtqueue.h"

#include <atomic>
#include <cstring>

namespace polyvm::device {

namespace {
constexpr u16 kDescNext = 1;
constexpr u16 kDescWrite = 2;
constexpr u16 kDescIndirect = 4;
constexpr u16 kAvailNoInterrupt = 1;
constexpr u64 kDescSize = 16;
constexpr u64 kUsedElemSize = 8;

// SAFETY: `p` lies in guest RAM at an offset enable() checked, with the natural alignment of T
// (2.7: avail 2-aligned, used 4-aligned). Other harts access the rings concurrently, so every
// ring field is accessed atomically.
template <typename T>
std::atomic_ref<T> ring(u8* p) {
  return std::atomic_ref<T>(*reinterpret_cast<T*>(p));
}
}  // namespace

u64 Chain::readable_size() const {
  u64 total = 0;
  for (const Segment& s : readable) total += s.length;
  return total;
}

u64 Chain::writable_size() const {
  u64 total = 0;
  for (const Segment& s : writable) total += s.length;
  return total;
}

std::vector<iovec> Chain::slice(bool from_writable, u64 offset, u64 length) const {
  std::vector<iovec> out;
  for (const Segment& s : from_writable ? writable : readable) {
    if (length == 0) break;
    if (offset >= s.length) {
      offset -= s.length;
      continue;
    }
    const u64 n = std::min<u64>(s.length - offset, length);
    out.push_back({s.host + offset, n});
    length -= n;
    offset = 0;
  }
  return out;
}

std::size_t Chain::read(u64 offset, std::span<u8> out) const {
  std::size_t done = 0;
  for (const iovec& v : slice(false, offset, out.size())) {
    std::memcpy(out.data() + done, v.iov_base, v.iov_len);
    done += v.iov_len;
  }
  return done;
}

std::size_t Chain::write(u64 offset, std::span<const u8> in) const {
  std::size_t done = 0;
  for (const iovec& v : slice(true, offset, in.size())) {
    std::memcpy(v.iov_base, in.data() + done, v.iov_len);
    done += v.iov_len;
  }
  return done;
}

// 2.7: descriptor table 16-aligned, driver area 2-aligned, device area 4-aligned; the queue
// size a power of two no larger than QueueNumMax.
bool Virtqueue::enable(const mem::PhysicalMemory& memory, bool event_idx, bool indirect) {
  const u64 n = size;
  const u64 extra = event_idx ? 2 : 0;
  if (n == 0 || n > kMaxSize || (n & (n - 1)) || desc_addr % 16 || driver_addr % 2 ||
      device_addr % 4) {
    return false;
  }
  desc_ = memory.ram(PAddr{desc_addr}, n * kDescSize);
  avail_ = memory.ram(PAddr{driver_addr}, 4 + 2 * n + extra);
  used_ = memory.ram(PAddr{device_addr}, 4 + kUsedElemSize * n + extra);
  if (!desc_ || !avail_ || !used_) return false;
  memory_ = &memory;
  event_idx_ = event_idx;
  indirect_ = indirect;
  ready_ = true;
  broken_ = false;
  last_avail_ = used_idx_ = signalled_used_ = 0;
  return true;
}

void Virtqueue::reset() {
  const Virtqueue fresh;
  *this = fresh;
}

Virtqueue::Descriptor Virtqueue::descriptor(const u8* table, u16 index) const {
  // Descriptors are plain little-endian data the driver wrote before publishing the chain; an
  // indirect table need not be aligned, so copy bytes.
  Descriptor d;
  std::memcpy(&d, table + u64{index} * kDescSize, sizeof d);
  return d;
}

std::optional<Chain> Virtqueue::fail() {
  broken_ = true;
  return std::nullopt;
}

// 2.7.4.2: device-writable buffers follow the readable ones; each must lie in guest RAM.
bool Virtqueue::add_segment(Chain& chain, const Descriptor& d) {
  const bool writable = d.flags & kDescWrite;
  if (!writable && !chain.writable.empty()) return false;
  u8* host = d.len ? memory_->ram(PAddr{d.addr}, d.len) : nullptr;
  if (d.len && !host) return false;
  (writable ? chain.writable : chain.readable).push_back({host, d.len});
  return true;
}

// Follows `next` links through a table of `count` descriptors; a chain longer than the table
// must loop (2.7.5.3.1 forbids it), and an indirect table may not nest another (2.7.5.3.1).
bool Virtqueue::walk(Chain& chain, const u8* table, u16 count, u16 first, bool nested) {
  u16 index = first;
  for (u32 steps = 0;; ++steps) {
    if (index >= count || steps >= count) return false;
    const Descriptor d = descriptor(table, index);
    if (d.flags & kDescIndirect) {
      if (nested || !indirect_ || (d.flags & kDescNext) || d.len % kDescSize || d.len == 0 ||
          d.len / kDescSize > 0xffff) {
        return false;
      }
      const u8* inner = memory_->ram(PAddr{d.addr}, d.len);
      if (!inner || !walk(chain, inner, static_cast<u16>(d.len / kDescSize), 0, true)) return false;
    } else if (!add_segment(chain, d)) {
      return false;
    }
    if (!(d.flags & kDescNext)) return true;
    index = d.next;
  }
}

std::optional<Chain> Virtqueue::pop() {
  if (!ready_ || broken_) return std::nullopt;
  const u16 avail_idx = ring<u16>(avail_ + 2).load(std::memory_order_acquire);
  if (static_cast<u16>(avail_idx - last_avail_) > size) return fail();  // 2.7.13.3
  if (avail_idx == last_avail_) return std::nullopt;
  const u16 head = ring<u16>(avail_ + 4 + 2 * (last_avail_ % size)).load(std::memory_order_relaxed);
  ++last_avail_;
  if (event_idx_) {
    // 2.7.10: avail_event asks for a notification after the next entry; the fence orders this
    // store before the next read of avail->idx, against the driver's mirror-image sequence.
    ring<u16>(used_ + 4 + kUsedElemSize * size).store(last_avail_, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_seq_cst);
  }
  Chain chain;
  chain.head = head;
  if (!walk(chain, desc_, size, head, false)) return fail();
  return chain;
}

void Virtqueue::push(const Chain& chain, u32 written) {
  if (!ready_) return;
  u8* elem = used_ + 4 + kUsedElemSize * (used_idx_ % size);
  ring<u32>(elem).store(chain.head, std::memory_order_relaxed);
  ring<u32>(elem + 4).store(written, std::memory_order_relaxed);
  ++used_idx_;
  ring<u16>(used_ + 2).store(used_idx_, std::memory_order_release);  // the element first
}

bool Virtqueue::take_interrupt() {
  if (!ready_ || used_idx_ == signalled_used_) return false;
  std::atomic_thread_fence(std::memory_order_seq_cst);  // used idx visible before reading flags
  const u16 old = signalled_used_;
  signalled_used_ = used_idx_;
  if (!event_idx_) return !(ring<u16>(avail_).load(std::memory_order_relaxed) & kAvailNoInterrupt);
  // 2.7.10: vring_need_event(used_event, new, old)
  const u16 used_event = ring<u16>(avail_ + 4 + 2 * size).load(std::memory_order_relaxed);
  return static_cast<u16>(used_idx_ - used_event - 1) < static_cast<u16>(used_idx_ - old);
}

}  // namespace polyvm::device
