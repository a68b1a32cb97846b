// virtio-blk requests (virtio 1.2, 5.2.6): IN, OUT, FLUSH and GET_ID, gathered from any
// framing of the header, data and status byte (2.6.4), bounds-checked against the image.
#include "device/virtio_blk.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace polyvm::device {

namespace {
constexpr u32 kTypeIn = 0;
constexpr u32 kTypeOut = 1;
constexpr u32 kTypeFlush = 4;
constexpr u32 kTypeGetId = 8;
constexpr u8 kStatusOk = 0;
constexpr u8 kStatusIoErr = 1;
constexpr u8 kStatusUnsupp = 2;
constexpr u64 kHeaderSize = 16;
constexpr u64 kIdSize = 20;  // 5.2.6: VIRTIO_BLK_ID_BYTES
constexpr u64 kMaxTransfer = u64{1} << 30;

bool all_done(ssize_t done, u64 length) {
  return done >= 0 && static_cast<u64>(done) == length;
}

// QEMU's image locks (block/file-posix.c), so polyvm and QEMU refuse each other's disks in
// use: byte 100 + n says "I hold permission n", byte 200 + n "I do not share it"; n = 0 is
// consistent read, n = 1 write. Open file description locks vanish with the descriptor.
constexpr off_t kLockHoldsRead = 100;
constexpr off_t kLockHoldsWrite = 101;
constexpr off_t kLockUnsharesWrite = 201;

bool others_hold(int fd, off_t byte) {
  struct flock lock {};
  lock.l_type = F_WRLCK;  // conflicts with anyone else's shared lock on the byte
  lock.l_whence = SEEK_SET;
  lock.l_start = byte;
  lock.l_len = 1;
  return ::fcntl(fd, F_OFD_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
}

bool take(int fd, off_t byte) {
  struct flock lock {};
  lock.l_type = F_RDLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = byte;
  lock.l_len = 1;
  return ::fcntl(fd, F_OFD_SETLK, &lock) == 0 || errno == EINVAL || errno == ENOLCK;
}

// Like a QEMU virtio-blk drive: a writer holds write, and neither a reader nor a writer shares
// write with others.
Result<void> lock_image(int fd, bool read_only, const std::string& path) {
  const bool taken = take(fd, kLockHoldsRead) && take(fd, kLockUnsharesWrite) &&
                     (read_only || take(fd, kLockHoldsWrite));
  if (!taken || others_hold(fd, kLockHoldsWrite)) {
    return fail(
        "disk image {} is being written by another process (a running polyvm or QEMU); "
        "stop it first",
        path);
  }
  if (!read_only && others_hold(fd, kLockUnsharesWrite)) {
    return fail(
        "disk image {} is in use by another process (a running polyvm or QEMU) that "
        "does not let others write it; stop it first, or use readonly=on in both",
        path);
  }
  return {};
}
}  // namespace

Result<std::unique_ptr<VirtioBlk>> VirtioBlk::open(const std::string& path, bool read_only) {
  const int fd = ::open(path.c_str(), (read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) {
    return fail("cannot open disk image {} {}: {}", path, read_only ? "read-only" : "read-write",
                std::strerror(errno));
  }
  if (auto locked = lock_image(fd, read_only, path); !locked) {
    ::close(fd);
    return std::unexpected(locked.error());
  }
  const off_t size = ::lseek(fd, 0, SEEK_END);  // also sizes block devices, unlike fstat
  if (size < 0) {
    const int err = errno;
    ::close(fd);
    return fail("cannot size disk image {}: {}", path, std::strerror(err));
  }
  const std::string base = path.substr(path.find_last_of('/') + 1);
  return std::unique_ptr<VirtioBlk>(
      new VirtioBlk(fd, read_only, static_cast<u64>(size) / kSectorSize, base.substr(0, kIdSize)));
}

VirtioBlk::VirtioBlk(int fd, bool read_only, u64 capacity, std::string id)
    : fd_(fd), read_only_(read_only), capacity_(capacity), id_(std::move(id)) {
  std::memcpy(config_.data(), &capacity_, sizeof capacity_);  // 5.2.4: capacity, le64 at 0
  // seg_max, le32 at 12: as QEMU, the queue size minus the header and status descriptors, so
  // Linux sends multi-segment requests instead of one segment each.
  const u32 seg_max = Virtqueue::kMaxSize - 2;
  std::memcpy(config_.data() + 12, &seg_max, sizeof seg_max);
}

VirtioBlk::~VirtioBlk() {
  ::close(fd_);
}

void VirtioBlk::queue_notify(unsigned, Virtqueue& queue) {
  while (auto chain = queue.pop()) {
    u32 written = 0;
    const u8 status = serve(*chain, written);
    // 5.2.6: the status byte is the last writable byte; a chain without one cannot answer.
    if (chain->writable_size() > 0) {
      chain->write(chain->writable_size() - 1, std::span(&status, 1));
      ++written;
    }
    queue.push(*chain, written);
  }
}

// `written` counts the data bytes put into the writable buffers before the status byte.
u8 VirtioBlk::serve(const Chain& chain, u32& written) {
  std::array<u8, kHeaderSize> header{};
  if (chain.read(0, header) != kHeaderSize || chain.writable_size() == 0) return kStatusIoErr;
  u32 type = 0;
  u64 sector = 0;
  std::memcpy(&type, header.data(), 4);
  std::memcpy(&sector, header.data() + 8, 8);
  const u64 in_room = chain.writable_size() - 1;
  switch (type) {
    case kTypeIn: {
      const u8 status = transfer(chain, true, sector, in_room);
      if (status == kStatusOk) written = static_cast<u32>(in_room);
      return status;
    }
    case kTypeOut:
      if (read_only_) return kStatusIoErr;
      return transfer(chain, false, sector, chain.readable_size() - kHeaderSize);
    case kTypeFlush:
      return read_only_ || ::fdatasync(fd_) == 0 ? kStatusOk : kStatusIoErr;
    case kTypeGetId: {
      std::array<u8, kIdSize> id{};  // NUL-padded when shorter than 20 bytes
      std::memcpy(id.data(), id_.data(), id_.size());
      written = static_cast<u32>(chain.write(0, std::span(id.data(), std::min(kIdSize, in_room))));
      return kStatusOk;
    }
    default:
      return kStatusUnsupp;
  }
}

// 5.2.6.1: data is a whole number of sectors inside the capacity; anything else is IOERR.
u8 VirtioBlk::transfer(const Chain& chain, bool to_guest, u64 sector, u64 length) {
  const u64 sectors = length / kSectorSize;
  if (length % kSectorSize || length > kMaxTransfer || sector > capacity_ ||
      sectors > capacity_ - sector) {
    return kStatusIoErr;
  }
  const auto iov = chain.slice(to_guest, to_guest ? 0 : kHeaderSize, length);
  const auto offset = static_cast<off_t>(sector * kSectorSize);
  // SAFETY: the iovecs point into guest RAM that Virtqueue::walk checked for these lengths.
  const ssize_t done = to_guest ? ::preadv(fd_, iov.data(), static_cast<int>(iov.size()), offset)
                                : ::pwritev(fd_, iov.data(), static_cast<int>(iov.size()), offset);
  return all_done(done, length) ? kStatusOk : kStatusIoErr;
}

}  // namespace polyvm::device
