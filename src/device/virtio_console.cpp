// virtio-console data queues (virtio 1.2, 5.3.6): transmit buffers go to the sink, pending
// input fills receive buffers as the guest posts them.
#include "device/virtio_console.h"

#include <array>
#include <vector>

namespace polyvm::device {

void VirtioConsole::push_input(std::span<const u8> bytes) {
  {
    std::lock_guard lock(input_mutex_);
    input_.insert(input_.end(), bytes.begin(), bytes.end());
  }
  if (host_) host_->serve(kReceiveQueue);
}

void VirtioConsole::queue_notify(unsigned index, Virtqueue& queue) {
  if (index == kReceiveQueue) {
    receive(queue);
  } else {
    transmit(queue);
  }
}

void VirtioConsole::receive(Virtqueue& queue) {
  std::lock_guard lock(input_mutex_);
  while (!input_.empty()) {
    auto chain = queue.pop();
    if (!chain) return;
    const auto n = static_cast<std::size_t>(std::min<u64>(chain->writable_size(), input_.size()));
    const std::vector<u8> bytes(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(n));
    input_.erase(input_.begin(), input_.begin() + static_cast<std::ptrdiff_t>(n));
    queue.push(*chain, static_cast<u32>(chain->write(0, bytes)));
  }
}

void VirtioConsole::transmit(Virtqueue& queue) {
  while (auto chain = queue.pop()) {
    for (const iovec& v : chain->slice(false, 0, chain->readable_size())) {
      // SAFETY: the iovec points into guest RAM that Virtqueue::walk checked.
      if (sink_) sink_(std::span(static_cast<const u8*>(v.iov_base), v.iov_len));
    }
    queue.push(*chain, 0);
  }
}

void VirtioConsole::reset() {
  std::lock_guard lock(input_mutex_);
  input_.clear();
}

}  // namespace polyvm::device
