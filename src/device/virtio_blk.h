// virtio-blk (virtio 1.2, 5.2) over a raw host image file, read-write or read-only, so the
// file holds what the guest wrote.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "core/error.h"
#include "device/virtio_device.h"

namespace polyvm::device {

/// A block device whose sectors are the host file's bytes (pread/pwrite at sector * 512).
///
///   auto disk = VirtioBlk::open("disk.img", /*read_only=*/false);
///   if (!disk) return std::unexpected(disk.error());
class VirtioBlk : public VirtioDevice {
 public:
  static constexpr u32 kDeviceId = 2;
  static constexpr u64 kSectorSize = 512;
  static constexpr u64 kFeatureSegMax = u64{1} << 2;
  static constexpr u64 kFeatureRo = u64{1} << 5;
  static constexpr u64 kFeatureFlush = u64{1} << 9;

  /// Opens `path` O_RDWR or O_RDONLY; a file that cannot be opened that way is an error, and so
  /// is an image another process (polyvm or QEMU, by QEMU's lock bytes) writes, or keeps others
  /// from writing when `read_only` is false.
  static Result<std::unique_ptr<VirtioBlk>> open(const std::string& path, bool read_only);
  ~VirtioBlk() override;
  VirtioBlk(const VirtioBlk&) = delete;
  VirtioBlk& operator=(const VirtioBlk&) = delete;

  u64 capacity() const { return capacity_; }  ///< in 512-byte sectors

  u32 device_id() const override { return kDeviceId; }
  u64 features() const override {
    return kFeatureSegMax | kFeatureFlush | (read_only_ ? kFeatureRo : 0);
  }
  unsigned queue_count() const override { return 1; }
  std::span<const u8> config() const override { return config_; }
  void queue_notify(unsigned index, Virtqueue& queue) override;

 private:
  VirtioBlk(int fd, bool read_only, u64 capacity, std::string id);
  u8 serve(const Chain& chain, u32& written);
  u8 transfer(const Chain& chain, bool to_guest, u64 sector, u64 length);

  int fd_;
  bool read_only_;
  u64 capacity_;
  std::string id_;
  std::array<u8, 60> config_{};  ///< struct virtio_blk_config up to and excluding the tail
};

}  // namespace polyvm::device
