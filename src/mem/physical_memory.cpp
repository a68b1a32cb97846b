// RAM regions mapped from the host and the MMIO bus's address decoding.
#include "mem/physical_memory.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>

namespace polyvm::mem {

namespace {
constexpr u64 kPageMask = 0xfff;
}  // namespace

PhysicalMemory::~PhysicalMemory() {
  for (const Range& r : ranges_) {
    if (r.host) ::munmap(r.host, r.size);
  }
}

Result<void> PhysicalMemory::check_free(u64 base, u64 size) const {
  if (size == 0 || base + size < base) return fail("empty or wrapping range at {:#x}", base);
  for (const Range& r : ranges_) {
    if (base < r.base + r.size && r.base < base + size) {
      return fail("physical range [{:#x}, {:#x}) overlaps [{:#x}, {:#x})", base, base + size,
                  r.base, r.base + r.size);
    }
  }
  return {};
}

Result<void> PhysicalMemory::add_ram(PAddr base, u64 size) {
  if ((base.value | size) & kPageMask) {
    return fail("RAM at {:#x} of {:#x} bytes is not page-aligned", base.value, size);
  }
  if (auto free = check_free(base.value, size); !free) return free;
  // SAFETY: fresh anonymous memory, zero-filled and committed lazily; owned by this object.
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return fail("cannot map {} MiB of guest RAM: {}", size >> 20, std::strerror(errno));
  }
  ranges_.push_back({base.value, size, static_cast<u8*>(p), nullptr});
  return {};
}

Result<void> PhysicalMemory::add_device(PAddr base, u64 size, MmioDevice& device) {
  if (auto free = check_free(base.value, size); !free) return free;
  ranges_.push_back({base.value, size, nullptr, &device});
  return {};
}

}  // namespace polyvm::mem
