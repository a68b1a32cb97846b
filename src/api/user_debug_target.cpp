// See user_debug_target.h. Every call holds the VM's process lock, so the process cannot end
// under it; registers and memory change only while the gdbstub has every thread stopped.
#include "api/user_debug_target.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include "api/user_vm.h"
#include "control/gdb/gdb_signals.h"
#include "control/gdb/riscv64_registers.h"
#include "guest/riscv64/interpreter.h"
#include "linux/signals.h"
#include "linux/thread.h"

namespace polyvm::api {

namespace {

using namespace std::chrono_literals;
using control::gdb::BreakpointType;
using control::gdb::GdbSignal;
using control::gdb::ResumeKind;
using control::gdb::StopEvent;
using control::gdb::ThreadId;
namespace regs = control::gdb::riscv64;

constexpr auto kPauseTimeout = 1000ms;

Result<void> no_process() {
  return fail("the guest has exited");
}

linux_user::ResumeAction to_action(ResumeKind kind) {
  switch (kind) {
    case ResumeKind::kStep:
      return linux_user::ResumeAction::kStep;
    case ResumeKind::kStay:
      return linux_user::ResumeAction::kStay;
    case ResumeKind::kContinue:
      break;
  }
  return linux_user::ResumeAction::kContinue;
}

}  // namespace

void UserDebugTarget::started(linux_user::Process& process) {
  memory_ = control::Fd(::open("/proc/self/mem", O_RDWR | O_CLOEXEC));
  process.debug().set_active(true);
  process.gate().on_stop_report([this] {
    std::function<void()> listener;
    {
      std::scoped_lock lock(mutex_);
      listener = listener_;
    }
    if (listener) listener();
  });
}

void UserDebugTarget::exited(int status, int signal) {
  set_pending(signal != 0 ? StopEvent{.kind = StopEvent::Kind::kKilled,
                                      .signal = control::gdb::gdb_signal_from_linux(signal)}
                          : StopEvent{.kind = StopEvent::Kind::kExited, .exit_status = status});
}

void UserDebugTarget::set_pending(StopEvent event) {
  std::function<void()> listener;
  {
    std::scoped_lock lock(mutex_);
    pending_ = event;
    listener = listener_;
  }
  if (listener) listener();
}

std::string UserDebugTarget::target_xml() const {
  return regs::target_xml();
}

std::vector<ThreadId> UserDebugTarget::threads() {
  auto lock = vm_.process_lock();
  std::vector<ThreadId> ids;
  if (linux_user::Process* process = vm_.process()) {
    for (const linux_user::ThreadView& view : process->gate().threads()) ids.push_back(view.tid);
  }
  return ids;
}

const guest::riscv64::CpuState* UserDebugTarget::registers_of(linux_user::Process& process,
                                                              ThreadId thread) {
  for (const linux_user::ThreadView& view : process.gate().threads()) {
    if (view.tid != thread) continue;
    if (view.state == linux_user::RunState::kSyscall) return &view.thread->gate.syscall_regs;
    return &view.thread->cpu;
  }
  return nullptr;
}

Result<guest::riscv64::CpuState*> UserDebugTarget::writable_registers(linux_user::Process& process,
                                                                      ThreadId thread) {
  for (const linux_user::ThreadView& view : process.gate().threads()) {
    if (view.tid != thread) continue;
    if (view.state == linux_user::RunState::kSyscall) {
      return fail("thread {} is in a system call; its registers are read-only", thread);
    }
    return &view.thread->cpu;
  }
  return fail("no thread {}", thread);
}

Result<std::vector<u8>> UserDebugTarget::read_registers(ThreadId thread) {
  auto lock = vm_.process_lock();
  linux_user::Process* process = vm_.process();
  if (!process) return std::unexpected(no_process().error());
  const guest::riscv64::CpuState* cpu = registers_of(*process, thread);
  if (!cpu) return fail("no thread {}", thread);
  return regs::read_all(*cpu);
}

Result<void> UserDebugTarget::write_registers(ThreadId thread, std::span<const u8> bytes) {
  auto lock = vm_.process_lock();
  if (!vm_.process()) return no_process();
  auto cpu = writable_registers(*vm_.process(), thread);
  if (!cpu) return std::unexpected(cpu.error());
  if (!regs::write_all(**cpu, bytes))
    return fail("{} register bytes is the wrong size", bytes.size());
  return {};
}

Result<std::vector<u8>> UserDebugTarget::read_register(ThreadId thread, int regno) {
  auto lock = vm_.process_lock();
  linux_user::Process* process = vm_.process();
  if (!process) return std::unexpected(no_process().error());
  const guest::riscv64::CpuState* cpu = registers_of(*process, thread);
  if (!cpu) return fail("no thread {}", thread);
  auto bytes = regs::read_one(*cpu, regno);
  if (!bytes) return fail("no register {}", regno);
  return *bytes;
}

Result<void> UserDebugTarget::write_register(ThreadId thread, int regno,
                                             std::span<const u8> bytes) {
  auto lock = vm_.process_lock();
  if (!vm_.process()) return no_process();
  auto cpu = writable_registers(*vm_.process(), thread);
  if (!cpu) return std::unexpected(cpu.error());
  if (!regs::write_one(**cpu, regno, bytes)) return fail("cannot write register {}", regno);
  return {};
}

Result<void> UserDebugTarget::set_pc(ThreadId thread, u64 pc) {
  auto lock = vm_.process_lock();
  if (!vm_.process()) return no_process();
  auto cpu = writable_registers(*vm_.process(), thread);
  if (!cpu) return std::unexpected(cpu.error());
  (*cpu)->pc = pc;
  return {};
}

size_t UserDebugTarget::mapped_length(linux_user::Process& process, u64 addr, size_t length) {
  size_t done = 0;
  while (done < length) {
    const u64 at = addr + done;
    const size_t chunk =
        std::min<u64>(length - done, linux_user::kPageSize - at % linux_user::kPageSize);
    const linux_user::MemoryMap& memory = process.memory();
    if (!memory.accessible(at, chunk, PROT_READ) && !memory.accessible(at, chunk, PROT_EXEC)) break;
    done += chunk;
  }
  return done;
}

Result<std::vector<u8>> UserDebugTarget::read_memory(u64 addr, size_t length) {
  auto lock = vm_.process_lock();
  linux_user::Process* process = vm_.process();
  if (!process) return std::unexpected(no_process().error());
  std::vector<u8> bytes(mapped_length(*process, addr, length));
  if (bytes.empty()) return fail("guest address {:#x} is not mapped", addr);
  // SAFETY: the range is mapped in the guest, hence inside the reserved guest space.
  const auto host = reinterpret_cast<std::uintptr_t>(process->space().host(addr));
  if (::pread(memory_.get(), bytes.data(), bytes.size(), static_cast<off_t>(host)) !=
      static_cast<ssize_t>(bytes.size())) {
    return fail("cannot read guest memory at {:#x}", addr);
  }
  return bytes;
}

Result<void> UserDebugTarget::write_memory(u64 addr, std::span<const u8> bytes) {
  auto lock = vm_.process_lock();
  linux_user::Process* process = vm_.process();
  if (!process) return no_process();
  if (mapped_length(*process, addr, bytes.size()) != bytes.size()) {
    return fail("guest range {:#x}+{} is not mapped", addr, bytes.size());
  }
  // SAFETY: as in read_memory; /proc/self/mem writes read-only code pages as ptrace would.
  const auto host = reinterpret_cast<std::uintptr_t>(process->space().host(addr));
  if (::pwrite(memory_.get(), bytes.data(), bytes.size(), static_cast<off_t>(host)) !=
      static_cast<ssize_t>(bytes.size())) {
    return fail("cannot write guest memory at {:#x}", addr);
  }
  guest::riscv64::Interpreter::invalidate_code(addr, bytes.size());
  return {};
}

Result<void> UserDebugTarget::insert_breakpoint(BreakpointType type, u64 addr, u64 kind) {
  if (type == BreakpointType::kWriteWatch) {
    auto current = read_memory(addr, kind);  // takes the lock itself
    if (!current || current->size() != kind) return fail("cannot watch {:#x}+{}", addr, kind);
    auto lock = vm_.process_lock();
    if (!vm_.process()) return no_process();
    vm_.process()->debug().add_watch(addr, std::move(*current));
    return {};
  }
  auto lock = vm_.process_lock();
  if (!vm_.process()) return no_process();
  vm_.process()->debug().add_breakpoint(addr);
  return {};
}

Result<void> UserDebugTarget::remove_breakpoint(BreakpointType type, u64 addr, u64 kind) {
  auto lock = vm_.process_lock();
  if (!vm_.process()) return no_process();
  if (type == BreakpointType::kWriteWatch) {
    vm_.process()->debug().remove_watch(addr, kind);
  } else {
    vm_.process()->debug().remove_breakpoint(addr);
  }
  return {};
}

void UserDebugTarget::resume(const std::function<ResumeKind(ThreadId)>& action_for) {
  {
    std::scoped_lock lock(mutex_);
    pending_.reset();
  }
  auto lock = vm_.process_lock();
  if (!vm_.process()) return;
  vm_.process()->gate().resume([&](int tid) { return to_action(action_for(tid)); });
  (void)vm_.lifecycle().request(VmState::kRunning, Cause::kDebugger);
}

void UserDebugTarget::interrupt() {
  ThreadId first = 0;
  {
    auto lock = vm_.process_lock();
    if (!vm_.process() || !vm_.pause_locked()) return;
    (void)vm_.lifecycle().request(VmState::kPaused, Cause::kDebugger);
    const auto views = vm_.process()->gate().threads();
    if (!views.empty()) first = views.front().tid;
  }
  set_pending({.thread = first, .signal = static_cast<int>(GdbSignal::kInt)});
}

std::optional<StopEvent> UserDebugTarget::take_stop() {
  {
    std::scoped_lock lock(mutex_);
    if (pending_) return std::exchange(pending_, std::nullopt);
  }
  auto lock = vm_.process_lock();
  linux_user::Process* process = vm_.process();
  if (!process) return std::nullopt;
  auto report = process->gate().take_stop_report();
  if (!report) return std::nullopt;
  (void)process->gate().pause(kPauseTimeout);  // closed by the report; wait for everyone
  (void)vm_.lifecycle().request(VmState::kPaused, Cause::kDebugger);
  StopEvent event{.thread = report->tid};
  if (report->kind == linux_user::StopReport::Kind::kSignal) {
    event.signal = control::gdb::gdb_signal_from_linux(report->signal);
  }
  if (report->kind == linux_user::StopReport::Kind::kWatchpoint)
    event.watch_addr = report->watch_addr;
  event.software_breakpoint = report->kind == linux_user::StopReport::Kind::kBreakpoint;
  return event;
}

void UserDebugTarget::set_stop_listener(std::function<void()> listener) {
  std::scoped_lock lock(mutex_);
  listener_ = std::move(listener);
}

// gdb may go away while the guest runs: the hooks read the points, so stop everyone first.
void UserDebugTarget::detach() {
  auto lock = vm_.process_lock();
  if (!vm_.process() || !vm_.pause_locked()) return;
  vm_.process()->debug().clear();
  vm_.process()->debug().set_active(false);
  vm_.process()->gate().resume();
  (void)vm_.lifecycle().request(VmState::kRunning, Cause::kDebugger);
}

// gdb's kill: the guest dies by SIGKILL, as under ptrace; after vKill's "OK" has gone out.
void UserDebugTarget::kill() {
  std::thread([] {
    std::this_thread::sleep_for(100ms);
    linux_user::die_by_signal(SIGKILL);
  }).detach();
}

}  // namespace polyvm::api
