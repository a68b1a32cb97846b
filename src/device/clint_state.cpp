// The CLINT's snapshot state: mtime is saved as a value and continues from it after a restore,
// wherever the host clock stands then.
#include "core/state_stream.h"
#include "device/clint.h"

namespace polyvm::device {

std::vector<u8> Clint::save() const {
  std::lock_guard lock(mutex_);
  StateWriter out;
  out.put_u32(static_cast<u32>(harts_.size()));
  for (const Hart& hart : harts_) {
    out.put_bool(hart.msip);
    out.put_u64(hart.mtimecmp);
  }
  out.put_u64(mtime_locked());
  return out.take();
}

Result<Clint::State> Clint::parse(std::span<const u8> section) const {
  StateReader in{section, "clint"};
  const u32 harts = in.get_u32();
  if (harts != harts_.size()) {
    return fail("snapshot section clint has {} harts, this machine {}", harts, harts_.size());
  }
  State state;
  for (u32 i = 0; i < harts && in.ok(); ++i) {
    state.msip.push_back(in.get_bool() ? 1 : 0);
    state.mtimecmp.push_back(in.get_u64());
  }
  state.mtime = in.get_u64();
  if (auto done = in.finish(); !done) return std::unexpected(done.error());
  return state;
}

void Clint::restore(const State& state) {
  std::lock_guard lock(mutex_);
  mtime_offset_ = state.mtime - clock_();
  for (std::size_t i = 0; i < harts_.size(); ++i) {
    Hart& hart = harts_[i];
    hart.msip = state.msip[i] != 0;
    hart.mtimecmp = state.mtimecmp[i];
    hart.mtip = state.mtime >= hart.mtimecmp;
    // Driven whatever their last level: the harts' device-driven mip bits start from zero.
    if (hart.msip_line) hart.msip_line->set(hart.msip);
    if (hart.mtip_line) hart.mtip_line->set(hart.mtip);
  }
  if (on_timer_change_) on_timer_change_();
}

}  // namespace polyvm::device
