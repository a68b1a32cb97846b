// PLIC register decoding, the gateways of level-triggered sources and claim/complete
// (riscv-plic-1.0.0 sections 4-9; QEMU hw/intc/sifive_plic.c for virt's layout).
#include "device/plic.h"

namespace polyvm::device {

Plic::Plic(unsigned ndev, unsigned contexts)
    : ndev_(ndev),
      priority_(ndev + 1),
      pending_((ndev + 32) / 32),
      claimed_(pending_.size()),
      level_(pending_.size()),
      contexts_(contexts) {
  for (Context& ctx : contexts_) ctx.enable.resize(pending_.size());
  sources_.reserve(ndev + 1);
  for (unsigned id = 0; id <= ndev; ++id) sources_.push_back(std::make_unique<Source>(*this, id));
}

IrqLine& Plic::source(unsigned id) {
  return *sources_.at(id);
}

void Plic::connect_context(unsigned ctx, IrqLine* line) {
  std::lock_guard lock(mutex_);
  contexts_.at(ctx).line = line;
  if (line) line->set(contexts_[ctx].level);
}

void Plic::set_bit(std::vector<u32>& words, unsigned id, bool on) {
  const u32 mask = u32{1} << (id % 32);
  words[id / 32] = on ? words[id / 32] | mask : words[id / 32] & ~mask;
}

// riscv-plic 5: a level-triggered gateway forwards a request while the wire is high and the
// source is not in service; as on QEMU, a wire that drops also withdraws the pending request.
void Plic::set_level(unsigned id, bool level) {
  if (id == 0 || id > ndev_) return;
  std::lock_guard lock(mutex_);
  set_bit(level_, id, level);
  if (!bit(claimed_, id)) set_bit(pending_, id, level);
  update();
}

// riscv-plic 8: the highest priority wins, ties go to the lowest id; priority 0 never
// interrupts and only priorities above the threshold do.
unsigned Plic::best_source(const Context& ctx) const {
  unsigned best = 0;
  u32 best_priority = ctx.threshold;
  for (unsigned id = 1; id <= ndev_; ++id) {
    if (bit(pending_, id) && bit(ctx.enable, id) && priority_[id] > best_priority) {
      best = id;
      best_priority = priority_[id];
    }
  }
  return best;
}

void Plic::update() {
  for (Context& ctx : contexts_) {
    const bool level = best_source(ctx) != 0;
    if (level == ctx.level) continue;
    ctx.level = level;
    if (ctx.line) ctx.line->set(level);
  }
}

u32 Plic::claim(Context& ctx) {
  const unsigned id = best_source(ctx);
  if (id == 0) return 0;
  set_bit(pending_, id, false);
  set_bit(claimed_, id, true);
  update();
  return id;
}

// riscv-plic 9: completion re-opens the gateway; a wire still high requests again.
void Plic::complete(unsigned id) {
  if (id == 0 || id > ndev_ || !bit(claimed_, id)) return;
  set_bit(claimed_, id, false);
  if (bit(level_, id)) set_bit(pending_, id, true);
  update();
}

std::optional<u64> Plic::read(u64 offset, unsigned size) {
  if (size != 4 || offset % 4 != 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  const u64 index = offset / 4;
  if (offset < kPendingBase) return index <= ndev_ ? priority_[index] : 0;
  if (offset < kEnableBase) {
    const u64 word = (offset - kPendingBase) / 4;
    return word < pending_.size() ? pending_[word] : 0;
  }
  if (offset < kContextBase) {
    const u64 ctx = (offset - kEnableBase) / kEnableStride;
    const u64 word = (offset - kEnableBase) % kEnableStride / 4;
    if (ctx >= contexts_.size() || word >= pending_.size()) return 0;
    return contexts_[ctx].enable[word];
  }
  return read_context(offset - kContextBase);
}

std::optional<u64> Plic::read_context(u64 offset) {
  const u64 ctx = offset / kContextStride;
  if (ctx >= contexts_.size()) return 0;
  switch (offset % kContextStride) {
    case 0:
      return contexts_[ctx].threshold;
    case 4:
      return claim(contexts_[ctx]);
    default:
      return 0;
  }
}

bool Plic::write(u64 offset, unsigned size, u64 value) {
  if (size != 4 || offset % 4 != 0) return false;
  std::lock_guard lock(mutex_);
  const u32 v = static_cast<u32>(value);
  if (offset < kPendingBase) {
    const u64 id = offset / 4;
    if (id >= 1 && id <= ndev_) priority_[id] = v & kPriorityMask;
  } else if (offset < kEnableBase) {
    return true;  // pending bits are read-only (riscv-plic 7)
  } else if (offset < kContextBase) {
    const u64 ctx = (offset - kEnableBase) / kEnableStride;
    const u64 word = (offset - kEnableBase) % kEnableStride / 4;
    if (ctx >= contexts_.size() || word >= pending_.size()) return true;
    // Source 0 and ids beyond ndev are hardwired to zero.
    const u32 last = word + 1 == pending_.size() && (ndev_ + 1) % 32
                         ? (u32{1} << ((ndev_ + 1) % 32)) - 1
                         : ~u32{0};
    contexts_[ctx].enable[word] = v & last & (word == 0 ? ~u32{1} : ~u32{0});
  } else {
    write_context(offset - kContextBase, v);
    return true;
  }
  update();
  return true;
}

void Plic::write_context(u64 offset, u32 value) {
  const u64 ctx = offset / kContextStride;
  if (ctx >= contexts_.size()) return;
  switch (offset % kContextStride) {
    case 0:
      contexts_[ctx].threshold = value & kPriorityMask;
      update();
      break;
    case 4:
      complete(value);
      break;
    default:
      break;
  }
}

}  // namespace polyvm::device
