// The PLIC's snapshot state: registers and gateway bits; the outputs to the harts are derived.
#include "core/state_stream.h"
#include "device/plic.h"

namespace polyvm::device {

namespace {

void put_words(StateWriter& out, const std::vector<u32>& words) {
  for (u32 w : words) out.put_u32(w);
}

std::vector<u32> get_words(StateReader& in, std::size_t count) {
  std::vector<u32> words;
  for (std::size_t i = 0; i < count && in.ok(); ++i) words.push_back(in.get_u32());
  return words;
}

}  // namespace

std::vector<u8> Plic::save() {
  std::lock_guard lock(mutex_);
  StateWriter out;
  out.put_u32(ndev_);
  out.put_u32(static_cast<u32>(contexts_.size()));
  put_words(out, priority_);
  put_words(out, pending_);
  put_words(out, claimed_);
  put_words(out, level_);
  for (const Context& ctx : contexts_) {
    put_words(out, ctx.enable);
    out.put_u32(ctx.threshold);
  }
  return out.take();
}

Result<Plic::State> Plic::parse(std::span<const u8> section) const {
  StateReader in{section, "plic"};
  const u32 ndev = in.get_u32();
  const u32 contexts = in.get_u32();
  if (in.ok() && (ndev != ndev_ || contexts != contexts_.size())) {
    return fail("snapshot section plic has {} sources and {} contexts, this machine {} and {}",
                ndev, contexts, ndev_, contexts_.size());
  }
  const std::size_t words = pending_.size();
  State state;
  state.priority = get_words(in, priority_.size());
  state.pending = get_words(in, words);
  state.claimed = get_words(in, words);
  state.level = get_words(in, words);
  for (u32 c = 0; c < contexts && in.ok(); ++c) {
    state.enable.push_back(get_words(in, words));
    state.threshold.push_back(in.get_u32());
    if (state.threshold.back() > kPriorityMask) in.reject();
  }
  for (u32 p : state.priority) {
    if (p > kPriorityMask) in.reject();
  }
  if (auto done = in.finish(); !done) return std::unexpected(done.error());
  return state;
}

void Plic::restore(const State& state) {
  std::lock_guard lock(mutex_);
  priority_ = state.priority;
  pending_ = state.pending;
  claimed_ = state.claimed;
  level_ = state.level;
  for (std::size_t c = 0; c < contexts_.size(); ++c) {
    Context& ctx = contexts_[c];
    ctx.enable = state.enable[c];
    ctx.threshold = state.threshold[c];
    ctx.level = best_source(ctx) != 0;
    // Driven whatever their last level: the harts' device-driven mip bits start from zero.
    if (ctx.line) ctx.line->set(ctx.level);
  }
}

}  // namespace polyvm::device
