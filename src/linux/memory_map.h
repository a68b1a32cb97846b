// Bookkeeping of the guest's mappings inside the GuestSpace reservation: mmap, brk,
// /proc/self/maps.
#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"
#include "mem/guest_space.h"

namespace polyvm::linux_user {

inline constexpr u64 kPageSize = 4096;
/// The guest address space: the Sv39 user range, as the riscv64 kernel's TASK_SIZE.
inline constexpr u64 kGuestSpaceSize = 1ull << 38;
/// Lowest address a non-fixed mmap returns (the kernel's default vm.mmap_min_addr).
inline constexpr u64 kMmapMin = 0x10000;

constexpr u64 page_down(u64 addr) {
  return addr & ~(kPageSize - 1);
}
constexpr u64 page_up(u64 addr) {
  return (addr + kPageSize - 1) & ~(kPageSize - 1);
}

/// One guest mapping, with what /proc/self/maps shows about it.
struct Mapping {
  u64 start = 0;
  u64 end = 0;
  int prot = 0;      ///< guest PROT_* bits
  int flags = 0;     ///< MAP_SHARED / MAP_PRIVATE / MAP_ANONYMOUS as the guest asked
  u64 offset = 0;    ///< file offset of `start`
  u64 device = 0;    ///< st_dev of the backing file
  u64 inode = 0;     ///< st_ino of the backing file
  std::string name;  ///< backing file path, "[heap]", "[stack]" or empty
};

/// The guest's view of its address space. Every change is done on the host inside the
/// reservation with MAP_FIXED, and unmapped ranges go back to PROT_NONE (never to the host), so
/// guest pointers cannot reach host memory. Thread safe.
///
///   MemoryMap map(space);
///   s64 addr = map.mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
class MemoryMap {
 public:
  explicit MemoryMap(mem::GuestSpace& space);

  mem::GuestSpace& space() const { return space_; }

  /// Non-fixed mmaps are placed top-down below this address (the stack gap's lower end).
  void set_mmap_top(u64 top);
  /// Where the heap starts (page-aligned end of the program's highest segment).
  void set_brk_start(u64 start);

  // The system calls, with Linux's semantics: the result or -errno.
  s64 mmap(u64 addr, u64 length, int prot, int flags, int fd, u64 offset,
           std::string_view name = {});
  s64 munmap(u64 addr, u64 length);
  s64 mprotect(u64 addr, u64 length, int prot);
  s64 mremap(u64 old_addr, u64 old_length, u64 new_length, int flags, u64 new_addr);
  s64 madvise(u64 addr, u64 length, int advice);
  u64 brk(u64 request);

  /// Whether the guest has [addr, addr+length) mapped with at least `prot`.
  bool accessible(u64 addr, u64 length, int prot) const;
  /// The mappings in address order, adjacent equal ones merged (as /proc/self/maps shows them).
  std::vector<Mapping> mappings() const;
  /// /proc/self/maps text in the kernel's format, guest addresses.
  std::string render_proc_maps() const;

 private:
  using Map = std::map<u64, Mapping>;

  bool in_range(u64 addr, u64 length) const;
  bool is_free(u64 addr, u64 length) const;
  bool is_covered(u64 addr, u64 length) const;
  u64 find_free(u64 length) const;
  void split_at(u64 addr);
  void erase_range(u64 addr, u64 length);
  s64 place(u64 addr, u64 length, int flags);
  s64 map_locked(u64 addr, u64 length, int prot, int flags, int fd, u64 offset,
                 std::string_view name);
  s64 unmap_locked(u64 addr, u64 length);
  s64 move_locked(const Mapping& old, u64 old_length, u64 new_addr, u64 new_length);
  s64 grow_locked(const Mapping& old, u64 old_length, u64 new_length);

  mem::GuestSpace& space_;
  mutable std::shared_mutex lock_;  ///< shared for lookups (every syscall), unique for changes
  Map maps_;
  u64 mmap_top_;
  u64 brk_start_ = 0;
  u64 brk_ = 0;
};

}  // namespace polyvm::linux_user
