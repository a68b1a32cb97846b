// See debug_hooks.h. Watchpoints compare the watched bytes before each instruction, so a write
// is seen right after the instruction that made it (the stop's pc is the next instruction).
#include "linux/debug_hooks.h"

#include <csignal>
#include <cstring>

#include "linux/thread.h"

namespace polyvm::linux_user {

void DebugState::set_active(bool active) {
  active_.store(active, std::memory_order_release);
}

void DebugState::add_breakpoint(u64 addr) {
  breakpoints_.insert(addr);
}

void DebugState::remove_breakpoint(u64 addr) {
  breakpoints_.erase(addr);
}

void DebugState::add_watch(u64 addr, std::vector<u8> current) {
  std::scoped_lock lock(watch_mutex_);
  watches_.push_back({addr, std::move(current)});
}

void DebugState::remove_watch(u64 addr, u64 length) {
  std::scoped_lock lock(watch_mutex_);
  std::erase_if(watches_,
                [&](const Watch& w) { return w.addr == addr && w.last.size() == length; });
}

void DebugState::clear() {
  std::scoped_lock lock(watch_mutex_);
  breakpoints_.clear();
  watches_.clear();
}

u64 DebugState::changed_watch(const u8* guest_base) {
  std::scoped_lock lock(watch_mutex_);
  for (Watch& watch : watches_) {
    // SAFETY: the range was mapped readable when the watch was set (checked by the target).
    const u8* now = guest_base + watch.addr;
    if (std::memcmp(now, watch.last.data(), watch.last.size()) != 0) {
      std::memcpy(watch.last.data(), now, watch.last.size());
      return watch.addr;
    }
  }
  return 0;
}

namespace {

using Kind = StopReport::Kind;

/// The hook: a watch fired by the previous instruction, the end of a step (its second
/// instruction), or a breakpoint at this one.
bool should_stop(Thread& thread, DebugState& debug, u64 pc) {
  ThreadDebug& mine = thread.debug;
  mine.report = {.tid = thread.tid, .pc = pc};
  if (u64 watch = debug.changed_watch(thread.process.space().base()); watch != 0) {
    mine.report.kind = Kind::kWatchpoint;
    mine.report.watch_addr = watch;
    mine.stepping = false;
    return true;
  }
  if (mine.stepping) {
    if (!mine.step_started) {
      mine.step_started = true;  // the instruction being stepped runs, breakpoint or not
      return false;
    }
    mine.stepping = false;
    mine.report.kind = Kind::kStep;
    return true;
  }
  if (debug.is_breakpoint(pc)) {
    mine.report.kind = Kind::kBreakpoint;
    return true;
  }
  return false;
}

}  // namespace

void prepare_debug_hook(Thread& thread) {
  DebugState& debug = thread.process.debug();
  ThreadDebug& mine = thread.debug;
  if (!debug.active() || !thread.gate.gated) {  // a vfork child runs undebugged
    if (mine.hooked) thread.interpreter.set_instruction_hook(nullptr);
    mine.hooked = false;
    mine.stepping = false;
    return;
  }
  ExecutionGate& gate = thread.process.gate();
  const u64 generation = gate.generation();
  if (thread.gate.action.load() == ResumeAction::kStep && mine.step_generation != generation) {
    mine.step_generation = generation;  // a new step request, not the one in progress
    mine.stepping = true;
    mine.step_started = false;
  }
  const bool wanted = mine.stepping || debug.has_points();
  if (wanted == mine.hooked) return;  // the hook reads the points live
  mine.hooked = wanted;
  if (!wanted) {
    thread.interpreter.set_instruction_hook(nullptr);
    return;
  }
  thread.interpreter.set_instruction_hook(
      [&thread, &debug](const guest::riscv64::CpuState&, u64 pc) {
        return should_stop(thread, debug, pc);
      });
}

void report_hook_stop(Thread& thread) {
  thread.process.gate().report_stop(thread, thread.debug.report);
}

// The signal as raise_synchronous_signal will pick it; a file mapping past its end, which Linux
// reports as SIGBUS, shows here as SIGSEGV (the host fault record is delivery's to take).
void report_fault_to_debugger(Thread& thread, const guest::riscv64::Exit& exit) {
  using guest::riscv64::ExitReason;
  if (!thread.process.debug().active() || !thread.gate.gated) return;
  int signal = SIGSEGV;
  if (exit.reason == ExitReason::kIllegalInstruction) signal = SIGILL;
  if (exit.reason == ExitReason::kEbreak) signal = SIGTRAP;
  if (exit.reason == ExitReason::kMisalignedAtomic) signal = SIGBUS;
  thread.cpu.pc = exit.pc;
  thread.process.gate().report_stop(
      thread,
      {.kind = StopReport::Kind::kSignal, .tid = thread.tid, .pc = exit.pc, .signal = signal});
}

}  // namespace polyvm::linux_user
