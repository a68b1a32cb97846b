// See system_debug_target.h. Registers and memory change only while every hart is paused; the
// hook runs on hart threads and shares the breakpoint and watch sets under mutex_.
#include "api/system_debug_target.h"

#include <algorithm>

#include "api/control_support.h"
#include "control/gdb/riscv64_registers.h"

namespace polyvm::api {

namespace {

using control::gdb::BreakpointType;
using control::gdb::GdbSignal;
using control::gdb::ResumeKind;
using control::gdb::StopEvent;
using control::gdb::ThreadId;
namespace regs = control::gdb::riscv64;
constexpr u64 kPage = 4096;

}  // namespace

SystemDebugTarget::SystemDebugTarget(board::riscv64::VirtMachine& machine)
    : machine_(machine), harts_(machine.hart_count()) {
  machine_.set_hook_stop_listener([this](unsigned index) { hook_stopped(index); });
}

void SystemDebugTarget::exited(int status) {
  set_pending({.kind = StopEvent::Kind::kExited, .exit_status = status});
}

std::string SystemDebugTarget::target_xml() const {
  return regs::target_xml();
}

std::vector<ThreadId> SystemDebugTarget::threads() {
  std::vector<ThreadId> ids;
  for (unsigned i = 0; i < machine_.hart_count(); ++i) ids.push_back(ThreadId{i} + 1);
  return ids;
}

Result<guest::riscv64::system::Hart*> SystemDebugTarget::hart_of(ThreadId thread) {
  if (thread < 1 || thread > ThreadId{machine_.hart_count()}) return fail("no hart {}", thread);
  return &machine_.hart(static_cast<unsigned>(thread - 1));
}

Result<std::vector<u8>> SystemDebugTarget::read_registers(ThreadId thread) {
  auto hart = hart_of(thread);
  if (!hart) return std::unexpected(hart.error());
  return regs::read_all((*hart)->cpu());
}

Result<void> SystemDebugTarget::write_registers(ThreadId thread, std::span<const u8> bytes) {
  auto hart = hart_of(thread);
  if (!hart) return std::unexpected(hart.error());
  if (!regs::write_all((*hart)->cpu(), bytes)) return fail("wrong register block size");
  return {};
}

Result<std::vector<u8>> SystemDebugTarget::read_register(ThreadId thread, int regno) {
  auto hart = hart_of(thread);
  if (!hart) return std::unexpected(hart.error());
  auto value = regs::read_one((*hart)->cpu(), regno);
  if (!value) return fail("no register {}", regno);
  return *value;
}

Result<void> SystemDebugTarget::write_register(ThreadId thread, int regno,
                                               std::span<const u8> bytes) {
  auto hart = hart_of(thread);
  if (!hart) return std::unexpected(hart.error());
  if (!regs::write_one((*hart)->cpu(), regno, bytes))
    return fail("cannot write register {}", regno);
  return {};
}

Result<void> SystemDebugTarget::set_pc(ThreadId thread, u64 pc) {
  auto hart = hart_of(thread);
  if (!hart) return std::unexpected(hart.error());
  (*hart)->cpu().pc = pc;
  return {};
}

Result<std::vector<u8>> SystemDebugTarget::read_virtual(u64 addr, size_t length) {
  std::vector<u8> bytes;
  const guest::riscv64::system::Hart& hart = machine_.hart(0);
  while (bytes.size() < length) {
    const u64 at = addr + bytes.size();
    const std::optional<u64> paddr = hart.debug_translate(at);
    const size_t chunk = std::min<size_t>(length - bytes.size(), kPage - (at % kPage));
    std::vector<u8> part(chunk);
    if (!paddr || !machine_.read_physical(*paddr, part)) break;
    bytes.insert(bytes.end(), part.begin(), part.end());
  }
  if (bytes.empty() && length > 0) return fail("cannot read memory at {:#x}", addr);
  return bytes;
}

Result<std::vector<u8>> SystemDebugTarget::read_memory(u64 addr, size_t length) {
  return read_virtual(addr, length);
}

Result<void> SystemDebugTarget::write_memory(u64 addr, std::span<const u8> bytes) {
  const guest::riscv64::system::Hart& hart = machine_.hart(0);
  std::vector<std::pair<u64, std::span<const u8>>> pieces;  // all translated before any write
  for (size_t done = 0; done < bytes.size();) {
    const u64 at = addr + done;
    const size_t chunk = std::min<size_t>(bytes.size() - done, kPage - (at % kPage));
    const std::optional<u64> paddr = hart.debug_translate(at);
    if (!paddr) return fail("cannot write memory at {:#x}", at);
    pieces.emplace_back(*paddr, bytes.subspan(done, chunk));
    done += chunk;
  }
  for (const auto& [paddr, piece] : pieces) {
    if (!machine_.write_physical(paddr, piece)) return fail("{:#x} is not RAM", paddr);
  }
  guest::riscv64::Interpreter::invalidate_code(0, ~u64{0});  // decoded code is keyed by page
  return {};
}

Result<void> SystemDebugTarget::insert_breakpoint(BreakpointType type, u64 addr, u64 kind) {
  std::lock_guard lock(mutex_);
  if (type == BreakpointType::kSoftware) {
    ++breakpoints_[addr];
    return {};
  }
  if (type != BreakpointType::kWriteWatch) return fail("breakpoint type not supported");
  auto now = read_virtual(addr, kind);
  if (!now || now->size() != kind) return fail("cannot watch {:#x}", addr);
  watches_.push_back({addr, std::move(*now)});
  return {};
}

Result<void> SystemDebugTarget::remove_breakpoint(BreakpointType type, u64 addr, u64 kind) {
  std::lock_guard lock(mutex_);
  if (type == BreakpointType::kSoftware) {
    auto it = breakpoints_.find(addr);
    if (it != breakpoints_.end() && --it->second == 0) breakpoints_.erase(it);
    return {};
  }
  std::erase_if(watches_, [&](const Watch& w) { return w.addr == addr && w.last.size() == kind; });
  return {};
}

bool SystemDebugTarget::hook(unsigned index, u64 pc) {
  std::lock_guard lock(mutex_);
  HartDebug& h = harts_[index];
  const bool first = h.first;
  h.first = false;
  if (h.stepping && !first) {
    h.report = {.thread = ThreadId{index} + 1, .signal = static_cast<int>(GdbSignal::kTrap)};
    return true;
  }
  if (!(first && pc == h.resume_pc) && breakpoints_.contains(pc)) {
    h.report = {.thread = ThreadId{index} + 1,
                .signal = static_cast<int>(GdbSignal::kTrap),
                .software_breakpoint = true};
    return true;
  }
  // Write watchpoints: the instruction before this one changed the watched bytes.
  const guest::riscv64::system::Hart& hart = machine_.hart(index);
  for (Watch& w : watches_) {
    std::vector<u8> now(w.last.size());
    const std::optional<u64> paddr = hart.debug_translate(w.addr);
    if (!paddr || !machine_.read_physical(*paddr, now) || now == w.last) continue;
    w.last = std::move(now);
    h.report = {.thread = ThreadId{index} + 1,
                .signal = static_cast<int>(GdbSignal::kTrap),
                .watch_addr = w.addr};
    return true;
  }
  return false;
}

void SystemDebugTarget::hook_stopped(unsigned index) {
  StopEvent report;
  {
    std::lock_guard lock(mutex_);
    report = harts_[index].report;
  }
  set_pending(report);
}

void SystemDebugTarget::install_hooks() {
  bool wanted = !breakpoints_.empty() || !watches_.empty();
  for (const HartDebug& h : harts_) wanted = wanted || h.stepping;
  for (unsigned i = 0; i < machine_.hart_count(); ++i) {
    guest::riscv64::Interpreter& interpreter = machine_.hart(i).interpreter();
    if (wanted) {
      interpreter.set_instruction_hook(
          [this, i](const guest::riscv64::CpuState&, u64 pc) { return hook(i, pc); });
    } else {
      interpreter.set_instruction_hook({});
    }
  }
}

void SystemDebugTarget::resume(const std::function<ResumeKind(ThreadId)>& action_for) {
  {
    std::lock_guard lock(mutex_);
    for (unsigned i = 0; i < harts_.size(); ++i) {
      harts_[i] = {.stepping = action_for(ThreadId{i} + 1) == ResumeKind::kStep,
                   .first = true,
                   .resume_pc = machine_.hart(i).cpu().pc};
    }
    pending_.reset();
    install_hooks();
  }
  machine_.resume();
}

void SystemDebugTarget::interrupt() {
  if (!machine_.pause(kPauseTimeout)) return;  // the harts will not stop: nothing to report
  set_pending({.thread = 1, .signal = static_cast<int>(GdbSignal::kInt)});
}

std::optional<StopEvent> SystemDebugTarget::take_stop() {
  std::optional<StopEvent> event;
  {
    std::lock_guard lock(mutex_);
    event = std::exchange(pending_, std::nullopt);
  }
  // A hook stop paused the machine from a hart thread; wait until every hart is parked.
  if (event && event->kind == StopEvent::Kind::kStopped) (void)machine_.pause(kPauseTimeout);
  return event;
}

void SystemDebugTarget::set_stop_listener(std::function<void()> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

void SystemDebugTarget::set_pending(StopEvent event) {
  std::function<void()> listener;
  {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    ended_ = event.kind != StopEvent::Kind::kStopped;
    pending_ = event;
    listener = listener_;
  }
  if (listener) listener();
}

void SystemDebugTarget::detach() {
  // gdb may go away while the harts run: they must be parked while their hooks change.
  if (!machine_.pause(kPauseTimeout)) return;
  {
    std::lock_guard lock(mutex_);
    breakpoints_.clear();
    watches_.clear();
    for (HartDebug& h : harts_) h = {};
    install_hooks();
  }
  machine_.resume();
}

void SystemDebugTarget::kill() {
  machine_.request_stop(0);
}

}  // namespace polyvm::api
