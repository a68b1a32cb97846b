// Builds argc/argv/envp/auxv and the strings they point to at the top of the guest stack.
#include "linux/initial_stack.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "linux/signal_frame.h"

namespace polyvm::linux_user {

namespace {

/// AT_MINSIGSTKSZ: the signal frame's size rounded to 16 (riscv signal.c, get_rt_frame_size;
/// no vector state as polyvm has no V extension).
constexpr u64 kMinSigFrameSize = (sizeof(GuestRtSigframe) + 15) & ~u64{15};

/// Writes downwards from the top of the stack into guest memory.
class StackWriter {
 public:
  StackWriter(mem::GuestSpace& space, u64 top, u64 low) : space_(space), sp_(top), low_(low) {}

  /// Copies bytes below the current position; returns their guest address.
  u64 push_bytes(const void* data, u64 length) {
    if (sp_ - low_ < length) {
      overflow_ = true;
      return sp_;
    }
    sp_ -= length;
    // SAFETY: [sp_, sp_+length) is inside the stack mapping (checked against low_ above).
    std::memcpy(space_.host(sp_), data, length);
    return sp_;
  }
  u64 push_string(const std::string& s) { return push_bytes(s.c_str(), s.size() + 1); }

  /// Writes a u64 at an address already reserved below the strings.
  void put(u64 addr, u64 value) {
    // SAFETY: callers write only inside [sp, strings) which lies in the stack mapping.
    std::memcpy(space_.host(addr), &value, sizeof value);
  }

  u64 sp() const { return sp_; }
  void set_sp(u64 sp) {
    if (sp < low_) overflow_ = true;
    sp_ = sp;
  }
  bool overflow() const { return overflow_; }

 private:
  mem::GuestSpace& space_;
  u64 sp_;
  u64 low_;
  bool overflow_ = false;
};

std::vector<std::pair<u64, u64>> auxv_for(const StackContents& c, u64 random, u64 execfn) {
  // Linux's order (create_elf_tables), minus entries riscv64 has no use for here.
  return {
      {kAtHwcap, c.hwcap},
      {kAtPagesz, kPageSize},
      {kAtClktck, static_cast<u64>(::sysconf(_SC_CLK_TCK))},
      {kAtPhdr, c.phdr},
      {kAtPhent, 56},
      {kAtPhnum, c.phnum},
      {kAtBase, c.interp_base},
      {kAtFlags, 0},
      {kAtEntry, c.entry},
      {kAtUid, ::getuid()},
      {kAtEuid, ::geteuid()},
      {kAtGid, ::getgid()},
      {kAtEgid, ::getegid()},
      {kAtSecure, 0},
      {kAtRandom, random},
      {kAtExecfn, execfn},
      {kAtMinsigstksz, kMinSigFrameSize},
      {kAtNull, 0},
  };
}

}  // namespace

Result<InitialStack> build_initial_stack(MemoryMap& memory, u64 top, u64 size,
                                         const StackContents& contents) {
  u64 low = top - size;
  s64 r = memory.mmap(low, size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0, "[stack]");
  if (r < 0) return fail("cannot map the guest stack: {}", std::strerror(static_cast<int>(-r)));

  StackWriter w(memory.space(), top - sizeof(u64), low);  // the kernel's end marker: 8 zero bytes
  u64 execfn = w.push_string(contents.execfn);
  std::vector<u64> envp, argv;
  for (auto it = contents.envp.rbegin(); it != contents.envp.rend(); ++it) {
    envp.insert(envp.begin(), w.push_string(*it));
  }
  for (auto it = contents.argv.rbegin(); it != contents.argv.rend(); ++it) {
    argv.insert(argv.begin(), w.push_string(*it));
  }
  w.set_sp(w.sp() & ~u64{15});
  u64 random = w.push_bytes(contents.random.data(), contents.random.size());

  auto auxv = auxv_for(contents, random, execfn);
  u64 words = 1 + (argv.size() + 1) + (envp.size() + 1) + 2 * auxv.size();
  w.set_sp((w.sp() - words * sizeof(u64)) & ~u64{15});
  if (w.overflow()) return fail("the arguments and environment do not fit in the guest stack");

  u64 at = w.sp();
  auto put = [&](u64 value) {
    w.put(at, value);
    at += sizeof(u64);
  };
  put(argv.size());
  for (u64 p : argv) put(p);
  put(0);
  for (u64 p : envp) put(p);
  put(0);
  InitialStack stack{.sp = w.sp(), .low = low};
  for (auto [tag, value] : auxv) {
    put(tag), put(value);
    stack.auxv_image.append(reinterpret_cast<const char*>(&tag), sizeof tag);
    stack.auxv_image.append(reinterpret_cast<const char*>(&value), sizeof value);
  }
  return stack;
}

u64 stack_size_from_rlimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_STACK, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return kDefaultStackSize;
  }
  u64 size = page_up(limit.rlim_cur);
  return std::min<u64>(std::max<u64>(size, 128 << 10), 1ull << 30);
}

}  // namespace polyvm::linux_user
