// User mode's guest address space: one host reservation, host address = base + guest address.
#pragma once

#include "core/error.h"
#include "core/types.h"

namespace polyvm::mem {

/// A PROT_NONE host reservation covering guest addresses [0, size). Pages become accessible as
/// the guest maps them; an access to anything unmapped faults on the host and becomes the
/// guest's SIGSEGV. Guest pointers never leave this range: callers check with contains().
class GuestSpace {
 public:
  /// Reserves `size` bytes of host address space (no memory is committed).
  static Result<GuestSpace> reserve(u64 size);

  GuestSpace(GuestSpace&& other) noexcept;
  GuestSpace& operator=(GuestSpace&& other) noexcept;
  GuestSpace(const GuestSpace&) = delete;
  GuestSpace& operator=(const GuestSpace&) = delete;
  ~GuestSpace();

  u8* base() const { return base_; }
  u64 size() const { return size_; }
  bool contains(u64 guest_addr, u64 length) const {
    return guest_addr <= size_ && length <= size_ - guest_addr;
  }
  /// The host address of a guest address; only meaningful when contains() holds.
  u8* host(u64 guest_addr) const { return base_ + guest_addr; }
  /// The guest address of a host pointer inside the reservation.
  u64 guest(const void* host_ptr) const { return static_cast<const u8*>(host_ptr) - base_; }
  bool holds_host(const void* host_ptr) const {
    auto p = static_cast<const u8*>(host_ptr);
    return p >= base_ && p < base_ + size_;
  }

 private:
  GuestSpace(u8* base, u64 size) : base_(base), size_(size) {}
  u8* base_ = nullptr;
  u64 size_ = 0;
};

}  // namespace polyvm::mem
