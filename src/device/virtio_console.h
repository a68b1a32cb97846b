// virtio-console (virtio 1.2, 5.3) with a single port and no multiport: a second console whose
// output goes to a sink and whose input the terminal pushes in.
#pragma once

#include <deque>
#include <functional>
#include <mutex>

#include "device/virtio_device.h"

namespace polyvm::device {

/// Console port 0: receiveq0 (queue 0) carries input to the guest, transmitq0 (queue 1) output.
///
///   VirtioConsole console{[&](std::span<const u8> bytes) { out.write(bytes); }};
///   VirtioMmio slot{memory, &console};
///   console.push_input(bytes);  // delivered when the guest has posted receive buffers
class VirtioConsole : public VirtioDevice {
 public:
  static constexpr u32 kDeviceId = 3;
  static constexpr unsigned kReceiveQueue = 0;
  static constexpr unsigned kTransmitQueue = 1;
  using Sink = std::function<void(std::span<const u8>)>;

  explicit VirtioConsole(Sink sink) : sink_(std::move(sink)) {}

  /// Queues input for the guest and delivers what fits into its receive buffers now.
  void push_input(std::span<const u8> bytes);

  u32 device_id() const override { return kDeviceId; }
  u64 features() const override { return 0; }
  unsigned queue_count() const override { return 2; }
  std::span<const u8> config() const override { return config_; }
  void queue_notify(unsigned index, Virtqueue& queue) override;
  void reset() override;
  void attach(VirtioHost& host) override { host_ = &host; }
  /// The input not yet delivered to the guest (virtio_console_state.cpp).
  std::vector<u8> save_state() override;
  bool check_state(std::span<const u8> state) const override;
  void restore_state(std::span<const u8> state) override;

 private:
  void receive(Virtqueue& queue);
  void transmit(Virtqueue& queue);

  Sink sink_;
  VirtioHost* host_ = nullptr;
  std::mutex input_mutex_;  ///< the terminal thread pushes while a hart serves the queue
  std::deque<u8> input_;
  std::array<u8, 12> config_{};  ///< cols, rows, max_nr_ports, emerg_wr: unused without features
};

}  // namespace polyvm::device
