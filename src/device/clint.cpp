// CLINT registers (FU540-C000 manual 9.1-9.3, QEMU hw/intc/riscv_aclint.c layout) and the
// level-sensitive MTIP rule: pending while mtime >= mtimecmp (Priv 1.12, 3.2.1).
#include "device/clint.h"

#include <algorithm>
#include <cstdint>

#include "device/register_access.h"

namespace polyvm::device {

Clint::Clock Clint::host_clock() {
  const auto start = std::chrono::steady_clock::now();
  return [start] {
    const auto elapsed = std::chrono::steady_clock::now() - start;
    return static_cast<u64>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) /
           (1'000'000'000 / kTimebaseHz);
  };
}

Clint::Clint(unsigned harts, Clock clock) : clock_(std::move(clock)), harts_(harts) {}

void Clint::connect(unsigned hart, IrqLine* msip, IrqLine* mtip) {
  std::lock_guard lock(mutex_);
  harts_.at(hart).msip_line = msip;
  harts_.at(hart).mtip_line = mtip;
  if (msip) msip->set(harts_[hart].msip);
  if (mtip) mtip->set(harts_[hart].mtip);
}

std::optional<u64> Clint::read(u64 offset, unsigned size) {
  std::lock_guard lock(mutex_);
  const u64 hart_count = harts_.size();
  if (size == 4 && offset < kMsipBase + 4 * hart_count && offset % 4 == 0) {
    return harts_[offset / 4].msip ? 1 : 0;
  }
  if (offset >= kMtimecmpBase && offset < kMtimecmpBase + 8 * hart_count &&
      (size == 4 || size == 8) && offset % size == 0) {
    const u64 rel = offset - kMtimecmpBase;
    return read_part(harts_[rel / 8].mtimecmp, rel % 8, size);
  }
  if (offset >= kMtime && offset < kMtime + 8 && (size == 4 || size == 8) && offset % size == 0) {
    return read_part(mtime_locked(), offset - kMtime, size);
  }
  return 0;  // reserved space reads as zero, as on QEMU
}

bool Clint::write(u64 offset, unsigned size, u64 value) {
  std::lock_guard lock(mutex_);
  const u64 hart_count = harts_.size();
  const u64 now = mtime_locked();
  if (size == 4 && offset < kMsipBase + 4 * hart_count && offset % 4 == 0) {
    Hart& hart = harts_[offset / 4];
    hart.msip = value & 1;  // the upper 31 bits are hardwired to zero
    if (hart.msip_line) hart.msip_line->set(hart.msip);
    return true;
  }
  if (offset >= kMtimecmpBase && offset < kMtimecmpBase + 8 * hart_count &&
      (size == 4 || size == 8) && offset % size == 0) {
    const u64 rel = offset - kMtimecmpBase;
    Hart& hart = harts_[rel / 8];
    hart.mtimecmp = write_part(hart.mtimecmp, rel % 8, size, value);
    update_hart(hart, now);
    if (on_timer_change_) on_timer_change_();
    return true;
  }
  if (offset >= kMtime && offset < kMtime + 8 && (size == 4 || size == 8) && offset % size == 0) {
    const u64 wanted = write_part(now, offset - kMtime, size, value);
    mtime_offset_ = wanted - clock_();
    for (Hart& hart : harts_) update_hart(hart, wanted);
    if (on_timer_change_) on_timer_change_();
    return true;
  }
  return true;  // writes to reserved space are ignored
}

u64 Clint::mtime() const {
  std::lock_guard lock(mutex_);
  return mtime_locked();
}

void Clint::update() {
  std::lock_guard lock(mutex_);
  const u64 now = mtime_locked();
  for (Hart& hart : harts_) update_hart(hart, now);
}

void Clint::update_hart(Hart& hart, u64 now) {
  const bool level = now >= hart.mtimecmp;
  if (level == hart.mtip) return;
  hart.mtip = level;
  if (hart.mtip_line) hart.mtip_line->set(level);
}

std::optional<std::chrono::nanoseconds> Clint::time_to_next_timer() const {
  std::lock_guard lock(mutex_);
  std::optional<u64> earliest;
  for (const Hart& hart : harts_) {
    if (!hart.mtip && hart.mtimecmp != ~u64{0} && (!earliest || hart.mtimecmp < *earliest)) {
      earliest = hart.mtimecmp;
    }
  }
  if (!earliest) return std::nullopt;
  const u64 now = mtime_locked();
  constexpr u64 kNsPerTick = 1'000'000'000 / kTimebaseHz;
  constexpr u64 kMaxTicks = u64{INT64_MAX} / kNsPerTick;  // a far-future compare saturates
  const u64 ticks = *earliest > now ? std::min(*earliest - now, kMaxTicks) : 0;
  return std::chrono::nanoseconds(static_cast<s64>(ticks * kNsPerTick));
}

}  // namespace polyvm::device
