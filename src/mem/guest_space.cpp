// Reservation and release of the user-mode guest address space.
#include "mem/guest_space.h"

#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace polyvm::mem {

Result<GuestSpace> GuestSpace::reserve(u64 size) {
  // SAFETY: an anonymous PROT_NONE reservation; nothing is committed until the guest maps pages.
  void* p = ::mmap(nullptr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) {
    return fail("cannot reserve {} GiB of host address space for the guest: {}", size >> 30,
                std::strerror(errno));
  }
  return GuestSpace(static_cast<u8*>(p), size);
}

GuestSpace::GuestSpace(GuestSpace&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

GuestSpace& GuestSpace::operator=(GuestSpace&& other) noexcept {
  if (this != &other) {
    if (base_) ::munmap(base_, size_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

GuestSpace::~GuestSpace() {
  if (base_) ::munmap(base_, size_);
}

}  // namespace polyvm::mem
