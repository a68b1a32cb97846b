// System mode's guest physical address space: RAM regions backed by host memory and an MMIO bus
// of devices, so the walker and the TLB can turn a physical address into a host pointer or a
// device.
#pragma once

#include <optional>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace polyvm::mem {

/// A memory-mapped device. Offsets are relative to the device's base; sizes are 1, 2, 4 or 8.
/// A device that does not support an access returns nullopt / false, which the caller turns
/// into the guest's access fault.
class MmioDevice {
 public:
  virtual ~MmioDevice() = default;
  virtual std::optional<u64> read(u64 offset, unsigned size) = 0;
  virtual bool write(u64 offset, unsigned size, u64 value) = 0;
};

/// Where a physical address lands.
struct PhysTarget {
  u8* host = nullptr;            ///< RAM: host address of the byte
  MmioDevice* device = nullptr;  ///< MMIO: the device
  u64 offset = 0;                ///< MMIO: offset in the device
  bool ram() const { return host != nullptr; }
  bool mmio() const { return device != nullptr; }
};

/// RAM regions and MMIO ranges at fixed physical addresses; none overlap. Devices are owned by
/// the caller (the board) and must outlive this object.
///
///   auto memory = PhysicalMemory{};
///   memory.add_ram(PAddr{0x8000'0000}, 128 << 20);
///   memory.add_device(PAddr{0x0200'0000}, 0x10000, clint);
class PhysicalMemory {
 public:
  PhysicalMemory() = default;
  PhysicalMemory(PhysicalMemory&&) = default;
  PhysicalMemory& operator=(PhysicalMemory&&) = delete;  // would leak the target's RAM
  PhysicalMemory(const PhysicalMemory&) = delete;
  PhysicalMemory& operator=(const PhysicalMemory&) = delete;
  ~PhysicalMemory();

  /// Maps `size` bytes of zeroed host memory at `base` (both page-aligned).
  Result<void> add_ram(PAddr base, u64 size);
  /// Routes [base, base + size) to `device`.
  Result<void> add_device(PAddr base, u64 size, MmioDevice& device);

  // Inline: every TLB miss asks once per page-table level and once for the page.

  /// RAM, MMIO or nothing (both fields null) at `addr`.
  PhysTarget lookup(PAddr addr) const {
    const Range* r = find(addr.value, 1);
    if (!r) return {};
    if (r->host) return {r->host + (addr.value - r->base), nullptr, 0};
    return {nullptr, r->device, addr.value - r->base};
  }
  /// The host address of [addr, addr + length) if it lies in one RAM region, else null.
  u8* ram(PAddr addr, u64 length) const {
    const Range* r = find(addr.value, length);
    return r && r->host ? r->host + (addr.value - r->base) : nullptr;
  }

 private:
  struct Range {
    u64 base = 0;
    u64 size = 0;
    u8* host = nullptr;            ///< RAM regions
    MmioDevice* device = nullptr;  ///< MMIO ranges
    bool contains(u64 addr, u64 length) const {
      return addr >= base && addr - base <= size && length <= size - (addr - base);
    }
  };
  Result<void> check_free(u64 base, u64 size) const;
  const Range* find(u64 addr, u64 length) const {
    for (const Range& r : ranges_) {
      if (r.contains(addr, length)) return &r;
    }
    return nullptr;
  }

  std::vector<Range> ranges_;
};

}  // namespace polyvm::mem
