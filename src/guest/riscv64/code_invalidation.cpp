// A small ring of the latest invalidations behind a mutex; the epoch is read without it.
#include "guest/riscv64/code_invalidation.h"

#include <array>
#include <atomic>
#include <mutex>

namespace polyvm::guest::riscv64 {

namespace {

constexpr u64 kLogSize = 64;

struct Entry {
  u64 epoch = 0;
  CodeRange range;
};

std::atomic<u64> g_epoch{0};
std::mutex g_mutex;
std::array<Entry, kLogSize> g_log;

}  // namespace

u64 code_epoch() {
  return g_epoch.load(std::memory_order_acquire);
}

void record_code_invalidation(u64 start, u64 end) {
  std::lock_guard lock(g_mutex);
  const u64 epoch = g_epoch.load(std::memory_order_relaxed) + 1;
  g_log[epoch % kLogSize] = {epoch, {start, end}};
  g_epoch.store(epoch, std::memory_order_release);
}

bool code_invalidations_since(u64 since, u64 now, std::vector<CodeRange>& out) {
  if (now - since > kLogSize) return false;
  std::lock_guard lock(g_mutex);
  for (u64 e = since + 1; e <= now; ++e) {
    const Entry& entry = g_log[e % kLogSize];
    if (entry.epoch != e) return false;
    out.push_back(entry.range);
  }
  return true;
}

}  // namespace polyvm::guest::riscv64
