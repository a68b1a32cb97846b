// SA_RESTART: a syscall a guest handler's signal interrupted runs again after the handler, as
// the kernel's -ERESTARTSYS does, for the calls the kernel restarts.
#include <array>
#include <bit>

#include "linux/signal_state.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

/// The calls that return -ERESTARTSYS when a signal interrupts them (signal(7), "Interruption
/// of system calls and library functions by signal handlers").
constexpr int kRestartable[] = {
    nr::read,    nr::write,    nr::readv,   nr::writev,   nr::pread64,  nr::pwrite64,
    nr::preadv,  nr::pwritev,  nr::ioctl,   nr::wait4,    nr::waitid,   nr::openat,
    nr::accept,  nr::accept4,  nr::connect, nr::recvfrom, nr::sendto,   nr::recvmsg,
    nr::sendmsg, nr::flock,    nr::fcntl,   nr::splice,   nr::sendfile, nr::futex,
};

std::array<SyscallFn, kSyscallCount> g_restartable{};

/// Whether the signal delivery is about to take lets the call restart: no handler runs, or the
/// handler asked for SA_RESTART.
bool delivery_restarts(Thread& thread) {
  u64 deliverable = pending_signals(thread) & ~thread.blocked.load();
  if (deliverable == 0) return false;
  int signal = std::countr_zero(deliverable) + 1;
  std::lock_guard lock(thread.process.sigaction_lock);
  const GuestSigaction& action = thread.process.sigactions[signal];
  bool runs_handler = action.handler != kSigDfl && action.handler != kSigIgn;
  return !runs_handler || (action.flags & kSaRestart);
}

s64 restartable_call(Thread& thread, const SyscallArgs& args) {
  s64 result = g_restartable[thread.cpu.x[17]](thread, args);
  if (result != -EINTR || !delivery_restarts(thread)) return result;
  thread.cpu.pc -= 4;  // back onto the ecall, which runs again once the handler returns
  return static_cast<s64>(args[0]);  // the dispatcher stores this into a0: the original a0
}

}  // namespace

void make_interrupted_calls_restartable(SyscallTable& table) {
  for (int number : kRestartable) {
    SyscallInfo& info = table[static_cast<size_t>(number)];
    if (info.fn == nullptr || info.fn == restartable_call) continue;
    g_restartable[static_cast<size_t>(number)] = info.fn;
    info.fn = restartable_call;
  }
}

}  // namespace polyvm::linux_user
