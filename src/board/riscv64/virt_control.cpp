// Pausing and resuming the virt machine's harts, and what the control socket reads of them.
#include <chrono>
#include <cstring>

#include "board/riscv64/virt_parts.h"

namespace polyvm::board::riscv64 {

Result<void> VirtMachine::pause(std::chrono::milliseconds timeout) {
  std::lock_guard parts_lock(parts_mutex_);
  Parts& p = *parts_;
  std::unique_lock lock(p.mutex);
  if (p.stopped) return fail("the machine has stopped");
  p.paused = true;
  if (!p.running) return {};  // harts start parked: run() begins with them stopped
  for (auto& hart : p.harts) hart->request_stop();
  const auto all_parked = [&p] { return p.parked == p.harts.size() || p.stopped; };
  if (!p.paused_changed.wait_for(lock, timeout, all_parked)) {
    p.paused = false;
    p.paused_changed.notify_all();
    return fail("the harts did not stop within {} ms", timeout.count());
  }
  return {};
}

void VirtMachine::resume() {
  std::lock_guard parts_lock(parts_mutex_);
  Parts& p = *parts_;
  {
    std::lock_guard lock(p.mutex);
    p.paused = false;
  }
  p.paused_changed.notify_all();
}

namespace {

/// Runs `read` with the harts parked: it reads their state, which only their threads write.
template <typename F>
auto with_harts_still(VirtMachine& machine, VirtMachine::Parts& p, F read) {
  bool was_paused = false;
  {
    std::lock_guard lock(p.mutex);
    was_paused = p.paused || !p.running || p.stopped;
  }
  const bool paused_here =
      !was_paused && machine.pause(std::chrono::milliseconds(1000)).has_value();
  auto result = read();
  if (paused_here) machine.resume();
  return result;
}

}  // namespace

std::vector<HartView> VirtMachine::harts() {
  std::lock_guard parts_lock(parts_mutex_);
  Parts& p = *parts_;
  return with_harts_still(*this, p, [&p] {
    std::vector<HartView> views;
    for (unsigned i = 0; i < p.harts.size(); ++i) {
      const sys::Hart& hart = *p.harts[i];
      views.push_back({i, hart.cpu().pc, hart.system().priv.priv});
    }
    return views;
  });
}

VirtStats VirtMachine::stats() {
  std::lock_guard parts_lock(parts_mutex_);
  Parts& p = *parts_;
  return with_harts_still(*this, p, [&p] {
    VirtStats s;
    for (auto& hart : p.harts) {
      s.instructions += hart->cpu().instret;
      s.instructions_decoded += hart->interpreter().instructions_decoded();
      s.tlb += hart->system().mmu.tlbs().stats();
    }
    return s;
  });
}

}  // namespace polyvm::board::riscv64

namespace polyvm::board::riscv64 {

unsigned VirtMachine::hart_count() const {
  return static_cast<unsigned>(parts_->harts.size());
}

sys::Hart& VirtMachine::hart(unsigned index) {
  return *parts_->harts.at(index);
}

bool VirtMachine::read_physical(u64 paddr, std::span<u8> bytes) {
  const u8* host = parts_->memory.ram(PAddr{paddr}, bytes.size());
  if (!host) return false;
  std::memcpy(bytes.data(), host, bytes.size());
  return true;
}

bool VirtMachine::write_physical(u64 paddr, std::span<const u8> bytes) {
  u8* host = parts_->memory.ram(PAddr{paddr}, bytes.size());
  if (!host) return false;
  std::memcpy(host, bytes.data(), bytes.size());
  return true;
}

void VirtMachine::set_hook_stop_listener(std::function<void(unsigned hart)> listener) {
  std::lock_guard parts_lock(parts_mutex_);
  std::lock_guard lock(parts_->mutex);
  parts_->on_hook_stop = std::move(listener);
}

}  // namespace polyvm::board::riscv64
