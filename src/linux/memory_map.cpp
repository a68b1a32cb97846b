// Guest mmap/munmap/mprotect/mremap/brk done on the host inside the reservation, with bookkeeping.
#include "linux/memory_map.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <iterator>
#include <mutex>

#include <fmt/format.h>

#include "guest/riscv64/interpreter.h"

namespace polyvm::linux_user {

namespace {

constexpr int kProtMask = PROT_READ | PROT_WRITE | PROT_EXEC;

/// The host protection for a guest one: the interpreter reads guest code, so exec implies read,
/// and the host never executes guest pages.
int host_prot(int prot) {
  int p = prot & (PROT_READ | PROT_WRITE);
  if (prot & PROT_EXEC) p |= PROT_READ;
  return p;
}

bool is_anonymous(const Mapping& m) {
  return (m.flags & MAP_ANONYMOUS) != 0;
}
bool is_shared(int flags) {
  return (flags & MAP_TYPE) != MAP_PRIVATE;
}

std::string fd_path(int fd) {
  char buf[PATH_MAX];
  ssize_t n = ::readlink(fmt::format("/proc/self/fd/{}", fd).c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

void invalidate(u64 addr, u64 length) {
  guest::riscv64::Interpreter::invalidate_code(addr, length);
}

}  // namespace

MemoryMap::MemoryMap(mem::GuestSpace& space) : space_(space), mmap_top_(space.size()) {}

void MemoryMap::set_mmap_top(u64 top) {
  std::lock_guard guard(lock_);
  mmap_top_ = top;
}

void MemoryMap::set_brk_start(u64 start) {
  std::lock_guard guard(lock_);
  brk_start_ = brk_ = page_up(start);
}

bool MemoryMap::in_range(u64 addr, u64 length) const {
  return addr >= kPageSize && space_.contains(addr, length);
}

bool MemoryMap::is_free(u64 addr, u64 length) const {
  auto it = maps_.lower_bound(addr + length);
  if (it == maps_.begin()) return true;
  return std::prev(it)->second.end <= addr;
}

bool MemoryMap::is_covered(u64 addr, u64 length) const {
  auto it = maps_.upper_bound(addr);
  if (it == maps_.begin()) return false;
  --it;
  u64 reached = addr;
  for (; it != maps_.end() && it->second.start <= reached; ++it) {
    reached = std::max(reached, it->second.end);
    if (reached >= addr + length) return true;
  }
  return false;
}

u64 MemoryMap::find_free(u64 length) const {
  u64 high = mmap_top_;
  auto it = maps_.lower_bound(high);
  for (;;) {
    if (it == maps_.begin()) return high >= kMmapMin + length ? high - length : 0;
    const Mapping& m = (--it)->second;
    if (m.end <= high && high - m.end >= length) return high - length;
    high = std::min(high, m.start);
    if (high < kMmapMin + length) return 0;
  }
}

void MemoryMap::split_at(u64 addr) {
  auto it = maps_.upper_bound(addr);
  if (it == maps_.begin()) return;
  Mapping& m = std::prev(it)->second;
  if (m.start >= addr || m.end <= addr) return;
  Mapping upper = m;
  upper.start = addr;
  upper.offset += addr - m.start;
  m.end = addr;
  maps_.emplace(addr, std::move(upper));
}

void MemoryMap::erase_range(u64 addr, u64 length) {
  split_at(addr);
  split_at(addr + length);
  maps_.erase(maps_.lower_bound(addr), maps_.lower_bound(addr + length));
}

s64 MemoryMap::place(u64 addr, u64 length, int flags) {
  if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
    if (addr % kPageSize) return -EINVAL;
    if (addr < kPageSize) return -EPERM;  // below vm.mmap_min_addr
    if (!in_range(addr, length)) return -ENOMEM;
    if ((flags & MAP_FIXED_NOREPLACE) && !(flags & MAP_FIXED) && !is_free(addr, length)) {
      return -EEXIST;
    }
    return static_cast<s64>(addr);
  }
  addr = page_down(addr);
  if (addr && in_range(addr, length) && is_free(addr, length)) return static_cast<s64>(addr);
  u64 found = find_free(length);
  return found ? static_cast<s64>(found) : -ENOMEM;
}

s64 MemoryMap::mmap(u64 addr, u64 length, int prot, int flags, int fd, u64 offset,
                    std::string_view name) {
  int type = flags & MAP_TYPE;
  if (length == 0 || offset % kPageSize || (prot & ~kProtMask)) return -EINVAL;
  if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) return -EINVAL;
  u64 rounded = page_up(length);
  if (rounded < length) return -ENOMEM;
  std::lock_guard guard(lock_);
  s64 where = place(addr, rounded, flags);
  if (where < 0) return where;
  return map_locked(static_cast<u64>(where), rounded, prot, flags, fd, offset, name);
}

s64 MemoryMap::map_locked(u64 addr, u64 length, int prot, int flags, int fd, u64 offset,
                          std::string_view name) {
  Mapping m{.start = addr,
            .end = addr + length,
            .prot = prot,
            .flags = flags,
            .offset = offset,
            .name = std::string(name)};
  bool anonymous = flags & MAP_ANONYMOUS;
  if (!anonymous) {
    struct stat st;
    if (::fstat(fd, &st) != 0) return -EBADF;
    m.device = st.st_dev;
    m.inode = st.st_ino;
    if (m.name.empty()) m.name = fd_path(fd);
  } else {
    m.offset = 0;
  }
  bool was_free = is_free(addr, length);
  int host_flags = MAP_FIXED | (is_shared(flags) ? MAP_SHARED : MAP_PRIVATE) |
                   (flags & (MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE));
  // SAFETY: MAP_FIXED inside the reservation ([addr, addr+length) passed in_range); replaces only
  // guest pages.
  void* p = ::mmap(space_.host(addr), length, host_prot(prot), host_flags, anonymous ? -1 : fd,
                   static_cast<off_t>(offset));
  if (p == MAP_FAILED) {
    int error = errno;
    if (was_free) unmap_locked(addr, length);
    return -error;
  }
  erase_range(addr, length);
  maps_.emplace(addr, std::move(m));
  if (!was_free) invalidate(addr, length);
  return static_cast<s64>(addr);
}

s64 MemoryMap::unmap_locked(u64 addr, u64 length) {
  // SAFETY: re-reserves guest pages as PROT_NONE; the range stays ours, never the host's.
  void* p = ::mmap(space_.host(addr), length, PROT_NONE,
                   MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return -errno;
  bool was_free = is_free(addr, length);
  erase_range(addr, length);
  if (!was_free) invalidate(addr, length);
  return 0;
}

s64 MemoryMap::munmap(u64 addr, u64 length) {
  u64 rounded = page_up(length);
  if (addr % kPageSize || length == 0 || rounded < length || !in_range(addr, rounded)) {
    return -EINVAL;
  }
  std::lock_guard guard(lock_);
  return unmap_locked(addr, rounded);
}

s64 MemoryMap::mprotect(u64 addr, u64 length, int prot) {
  // glibc adds PROT_GROWSDOWN when making a stack executable; our stacks are fixed-size mappings.
  prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
  if (addr % kPageSize || (prot & ~kProtMask)) return -EINVAL;
  u64 rounded = page_up(length);
  if (rounded < length) return -ENOMEM;
  if (rounded == 0) return 0;
  std::lock_guard guard(lock_);
  if (!in_range(addr, rounded) || !is_covered(addr, rounded)) return -ENOMEM;
  // SAFETY: the range is inside the reservation and mapped by the guest.
  if (::mprotect(space_.host(addr), rounded, host_prot(prot)) != 0) return -errno;
  split_at(addr);
  split_at(addr + rounded);
  for (auto it = maps_.lower_bound(addr); it != maps_.end() && it->first < addr + rounded; ++it) {
    it->second.prot = prot;
  }
  invalidate(addr, rounded);
  return 0;
}

s64 MemoryMap::madvise(u64 addr, u64 length, int advice) {
  if (addr % kPageSize) return -EINVAL;
  u64 rounded = page_up(length);
  if (rounded < length) return -EINVAL;
  switch (advice) {
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_DONTFORK:
    case MADV_DOFORK:
    case MADV_MERGEABLE:
    case MADV_UNMERGEABLE:
    case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE:
    case MADV_DONTDUMP:
    case MADV_DODUMP:
    case MADV_WIPEONFORK:
    case MADV_KEEPONFORK:
      return 0;
    case MADV_WILLNEED:
    case MADV_DONTNEED:
    case MADV_FREE:
    case MADV_COLD:
    case MADV_PAGEOUT:
      break;
    default:
      return -EINVAL;
  }
  if (rounded == 0) return 0;
  std::lock_guard guard(lock_);
  if (!in_range(addr, rounded) || !is_covered(addr, rounded)) return -ENOMEM;
  // SAFETY: the range is inside the reservation and mapped by the guest; DONTNEED zeroes
  // anonymous pages and re-reads file pages, as the guest expects.
  return ::madvise(space_.host(addr), rounded, advice) == 0 ? 0 : -errno;
}

s64 MemoryMap::mremap(u64 old_addr, u64 old_length, u64 new_length, int flags, u64 new_addr) {
  constexpr int kKnown = MREMAP_MAYMOVE | MREMAP_FIXED;
  if (old_addr % kPageSize || (flags & ~kKnown) || new_length == 0) return -EINVAL;
  if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE)) return -EINVAL;
  u64 old_len = page_up(old_length);
  u64 new_len = page_up(new_length);
  if (old_len == 0 || old_len < old_length || new_len < new_length) return -EINVAL;
  std::lock_guard guard(lock_);
  if (!in_range(old_addr, old_len) || !is_covered(old_addr, old_len)) return -EFAULT;
  Mapping first = std::prev(maps_.upper_bound(old_addr))->second;
  first.start = old_addr;
  if (flags & MREMAP_FIXED) {
    bool overlaps = new_addr < old_addr + old_len && old_addr < new_addr + new_len;
    if (new_addr % kPageSize || !in_range(new_addr, new_len) || overlaps) return -EINVAL;
    if (new_len < old_len) unmap_locked(old_addr + new_len, old_len - new_len);
    return move_locked(first, std::min(old_len, new_len), new_addr, new_len);
  }
  if (new_len <= old_len) {
    if (new_len < old_len) unmap_locked(old_addr + new_len, old_len - new_len);
    return static_cast<s64>(old_addr);
  }
  u64 tail = old_addr + old_len;
  if (in_range(tail, new_len - old_len) && is_free(tail, new_len - old_len)) {
    return grow_locked(first, old_len, new_len);
  }
  if (!(flags & MREMAP_MAYMOVE)) return -ENOMEM;
  u64 dest = find_free(new_len);
  return dest ? move_locked(first, old_len, dest, new_len) : -ENOMEM;
}

s64 MemoryMap::move_locked(const Mapping& old, u64 old_length, u64 new_addr, u64 new_length) {
  u8* from = space_.host(old.start);
  u8* to = space_.host(new_addr);
  bool private_anonymous = is_anonymous(old) && !is_shared(old.flags);
  void* p = MAP_FAILED;
  if (private_anonymous) {
    // SAFETY: both ranges are inside the reservation. DONTUNMAP leaves the old range mapped (as
    // empty pages), so no hole ever opens in the reservation.
    p = ::mremap(from, old_length, old_length, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP,
                 to);
    if (p != MAP_FAILED && new_length > old_length) {
      // SAFETY: the grown tail lies inside the reservation, at the moved mapping's end.
      p = ::mmap(to + old_length, new_length - old_length, host_prot(old.prot),
                 MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
  }
  if (p == MAP_FAILED) {
    // SAFETY: both ranges are inside the reservation; the old range is re-reserved right after.
    p = ::mremap(from, old_length, new_length, MREMAP_MAYMOVE | MREMAP_FIXED, to);
    if (p == MAP_FAILED) return -errno;
  }
  std::vector<Mapping> moved;
  for (auto it = maps_.lower_bound(old.start);
       it != maps_.end() && it->first < old.start + old_length; ++it) {
    moved.push_back(it->second);
  }
  unmap_locked(old.start, old_length);
  erase_range(new_addr, new_length);
  for (Mapping m : moved) {
    m.start = new_addr + (std::max(m.start, old.start) - old.start);
    m.end = new_addr + (std::min(m.end, old.start + old_length) - old.start);
    maps_.emplace(m.start, std::move(m));
  }
  std::prev(maps_.lower_bound(new_addr + new_length))->second.end = new_addr + new_length;
  invalidate(new_addr, new_length);
  return static_cast<s64>(new_addr);
}

s64 MemoryMap::grow_locked(const Mapping& old, u64 old_length, u64 new_length) {
  u64 tail = old.start + old_length;
  u64 grow = new_length - old_length;
  Mapping last = std::prev(maps_.upper_bound(tail - 1))->second;
  if (is_anonymous(last) && !is_shared(last.flags)) {
    return map_locked(tail, grow, last.prot, last.flags, -1, 0, last.name) < 0
               ? -ENOMEM
               : static_cast<s64>(old.start);
  }
  // SAFETY: the tail is guest-free reservation; mremap grows the mapping into it in place. If it
  // fails the tail is re-reserved.
  ::munmap(space_.host(tail), grow);
  if (::mremap(space_.host(old.start), old_length, new_length, 0) == MAP_FAILED) {
    unmap_locked(tail, grow);
    return -ENOMEM;
  }
  last.offset += tail - last.start;
  last.start = tail;
  last.end = tail + grow;
  maps_.emplace(tail, std::move(last));
  return static_cast<s64>(old.start);
}

u64 MemoryMap::brk(u64 request) {
  std::lock_guard guard(lock_);
  if (request < brk_start_) return brk_;
  u64 old_top = page_up(brk_);
  u64 new_top = page_up(request);
  if (new_top > old_top) {
    u64 grow = new_top - old_top;
    if (!in_range(old_top, grow) || !is_free(old_top, grow)) return brk_;
    if (map_locked(old_top, grow, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0,
                   "[heap]") < 0) {
      return brk_;
    }
  } else if (new_top < old_top) {
    unmap_locked(new_top, old_top - new_top);
  }
  brk_ = request;
  return brk_;
}

bool MemoryMap::accessible(u64 addr, u64 length, int prot) const {
  if (!space_.contains(addr, length)) return false;
  if (length == 0) return true;
  std::shared_lock guard(lock_);
  auto it = maps_.upper_bound(addr);
  if (it == maps_.begin()) return false;
  --it;
  u64 reached = addr;
  for (; it != maps_.end() && it->second.start <= reached; ++it) {
    if (it->second.end <= reached) continue;
    if ((it->second.prot & prot) != prot) return false;
    reached = it->second.end;
    if (reached >= addr + length) return true;
  }
  return false;
}

std::vector<Mapping> MemoryMap::mappings() const {
  std::shared_lock guard(lock_);
  std::vector<Mapping> out;
  for (const auto& [start, m] : maps_) {
    if (!out.empty()) {
      Mapping& last = out.back();
      bool contiguous_offset = is_anonymous(m) || last.offset + (last.end - last.start) == m.offset;
      if (last.end == m.start && last.prot == m.prot && last.flags == m.flags &&
          last.name == m.name && last.inode == m.inode && contiguous_offset) {
        last.end = m.end;
        continue;
      }
    }
    out.push_back(m);
  }
  return out;
}

std::string MemoryMap::render_proc_maps() const {
  std::string text;
  for (const Mapping& m : mappings()) {
    // Linux fs/proc/task_mmu.c show_map_vma: the name starts in column 74.
    std::string line =
        fmt::format("{:08x}-{:08x} {}{}{}{} {:08x} {:02x}:{:02x} {} ", m.start, m.end,
                    m.prot & PROT_READ ? 'r' : '-', m.prot & PROT_WRITE ? 'w' : '-',
                    m.prot & PROT_EXEC ? 'x' : '-', is_shared(m.flags) ? 's' : 'p', m.offset,
                    major(m.device), minor(m.device), m.inode);
    if (!m.name.empty()) {
      if (line.size() < 73) line.resize(73, ' ');
      line += m.name;
    }
    text += line;
    text += '\n';
  }
  return text;
}

}  // namespace polyvm::linux_user
