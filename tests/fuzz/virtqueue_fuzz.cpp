// libFuzzer target: random descriptor tables, rings and queue layouts against virtio-blk on a
// small guarded RAM; the device may refuse (NEEDS_RESET) but never touches memory outside RAM.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "device/virtio_blk.h"
#include "device/virtio_mmio.h"

namespace {

using polyvm::PAddr;
using polyvm::u16;
using polyvm::u32;
using polyvm::u64;
using polyvm::u8;

constexpr u64 kRamBase = 0x8000'0000;
constexpr u64 kRamSize = 64 * 1024;
constexpr u64 kDiskSize = 64 * 1024;
constexpr std::size_t kControlBytes = 16;

/// Inaccessible pages around the RAM where the neighbouring addresses are free, so a stray host
/// access past either end faults instead of passing silently; removed again at scope exit.
class Guards {
 public:
  explicit Guards(u8* ram) : below_(map(ram - kPage)), above_(map(ram + kRamSize)) {}
  ~Guards() {
    for (void* p : {below_, above_}) {
      if (p != MAP_FAILED) ::munmap(p, kPage);
    }
  }
  Guards(const Guards&) = delete;
  Guards& operator=(const Guards&) = delete;

 private:
  static constexpr std::size_t kPage = 4096;
  // SAFETY: MAP_FIXED_NOREPLACE never replaces an existing mapping.
  static void* map(u8* at) {
    return ::mmap(at, kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  }
  void* below_;
  void* above_;
};

int disk_fd() {
  static const int fd = [] {
    const int f = ::memfd_create("virtqueue_fuzz_disk", 0);
    if (f < 0 || ::ftruncate(f, kDiskSize) != 0) __builtin_trap();
    return f;
  }();
  return fd;
}

u32 word(const u8* p) {
  u32 v;
  std::memcpy(&v, p, 4);
  return v;
}

/// Queue addresses land in RAM three times out of four, anywhere in the low 4 GiB otherwise.
u64 place(u32 raw) {
  return raw & 3 ? kRamBase + (raw >> 2) % kRamSize : raw;
}

void drive(polyvm::device::VirtioMmio& mmio, const u8* control, u8* ram) {
  const u8 flags = control[0];
  const u64 features = (u64{1} << 32) | (flags & 0x10 ? u64{1} << 29 : 0) |
                       (flags & 0x20 ? u64{1} << 28 : 0) | (flags & 0x40 ? u64{1} << 9 : 0);
  mmio.write(0x070, 4, 3);
  mmio.write(0x024, 4, 0);
  mmio.write(0x020, 4, static_cast<u32>(features));
  mmio.write(0x024, 4, 1);
  mmio.write(0x020, 4, static_cast<u32>(features >> 32));
  mmio.write(0x070, 4, 11);
  mmio.write(0x038, 4, u32{1} << (flags & 0x0f));
  const u64 desc = place(word(control + 1));
  const u64 avail = place(word(control + 5));
  const u64 used = place(word(control + 9));
  mmio.write(0x080, 4, static_cast<u32>(desc));
  mmio.write(0x090, 4, static_cast<u32>(avail));
  mmio.write(0x0a0, 4, static_cast<u32>(used));
  mmio.write(0x044, 4, 1);
  mmio.write(0x070, 4, 15);
  const unsigned notifies = control[13] % 8 + 1;
  for (unsigned i = 0; i < notifies; ++i) {
    // Between notifies the "driver" moves the available index by a fuzzed step.
    if (avail >= kRamBase && avail + 4 <= kRamBase + kRamSize) {
      u16 idx;
      std::memcpy(&idx, ram + (avail - kRamBase) + 2, 2);
      idx = static_cast<u16>(idx + control[14 + i % 2]);
      std::memcpy(ram + (avail - kRamBase) + 2, &idx, 2);
    }
    mmio.write(0x050, 4, 0);
    mmio.read(0x060, 4);
    mmio.write(0x064, 4, 3);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kControlBytes) return 0;
  polyvm::mem::PhysicalMemory memory;
  if (!memory.add_ram(PAddr{kRamBase}, kRamSize)) __builtin_trap();
  u8* ram = memory.ram(PAddr{kRamBase}, kRamSize);
  const Guards guards{ram};
  std::memcpy(ram, data + kControlBytes, std::min<std::size_t>(size - kControlBytes, kRamSize));
  const int fd = ::dup(disk_fd());
  auto disk =
      polyvm::device::VirtioBlk::open("/proc/self/fd/" + std::to_string(fd), data[0] & 0x80);
  ::close(fd);
  if (!disk) __builtin_trap();
  polyvm::device::VirtioMmio mmio{memory, disk->get()};
  drive(mmio, data, ram);
  return 0;
}
