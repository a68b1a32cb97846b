// How signals end syscalls: SA_RESTART re-runs an interrupted call after the handler, as the
// kernel's -ERESTARTSYS does; waits with a temporary mask run the handler under that mask.
#include <array>
#include <bit>
#include <span>

#include "linux/signal_state.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

/// The calls that return -ERESTARTSYS when a signal interrupts them (signal(7), "Interruption
/// of system calls and library functions by signal handlers").
constexpr int kRestartable[] = {
    nr::read,    nr::write,   nr::readv,   nr::writev,   nr::pread64,  nr::pwrite64,
    nr::preadv,  nr::pwritev, nr::ioctl,   nr::wait4,    nr::waitid,   nr::openat,
    nr::accept,  nr::accept4, nr::connect, nr::recvfrom, nr::sendto,   nr::recvmsg,
    nr::sendmsg, nr::flock,   nr::fcntl,   nr::splice,   nr::sendfile, nr::futex,
};

/// The waits that take a temporary signal mask (the kernel's set_user_sigmask callers).
constexpr int kMaskedWaits[] = {nr::ppoll, nr::pselect6, nr::epoll_pwait, nr::epoll_pwait2};

std::array<SyscallFn, kSyscallCount> g_restartable{};
std::array<SyscallFn, kSyscallCount> g_masked_waits{};

/// Routes `numbers` through `wrapper`, which finds the original in `originals`.
void wrap(SyscallTable& table, std::span<const int> numbers,
          std::array<SyscallFn, kSyscallCount>& originals, SyscallFn wrapper) {
  for (int number : numbers) {
    SyscallInfo& info = table[static_cast<size_t>(number)];
    if (info.fn == nullptr || info.fn == wrapper) continue;
    originals[static_cast<size_t>(number)] = info.fn;
    info.fn = wrapper;
  }
}

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

/// The guest address of the temporary mask a wait was given, 0 for none.
u64 temporary_mask_address(Thread& thread, u64 number, const SyscallArgs& args) {
  if (number == nr::ppoll) return args[3];
  if (number != nr::pselect6) return args[4];
  u64 mask_pointer = 0;  // pselect6's sixth argument is {const sigset_t* ss; size_t ss_len}
  if (args[5] != 0) read_guest(thread, args[5], mask_pointer);
  return mask_pointer;
}

s64 masked_wait_call(Thread& thread, const SyscallArgs& args) {
  u64 number = thread.cpu.x[17];
  s64 result = g_masked_waits[number](thread, args);
  u64 mask_addr = temporary_mask_address(thread, number, args);
  u64 mask = 0;
  if (result == -EINTR && mask_addr != 0 && read_guest(thread, mask_addr, mask)) {
    enter_temporary_mask(thread, mask);
  }
  return result;
}

}  // namespace

void make_interrupted_calls_restartable(SyscallTable& table) {
  wrap(table, kRestartable, g_restartable, restartable_call);
}

void apply_temporary_masks_on_interruption(SyscallTable& table) {
  wrap(table, kMaskedWaits, g_masked_waits, masked_wait_call);
}

}  // namespace polyvm::linux_user
