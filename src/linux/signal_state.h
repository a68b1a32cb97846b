// Signal bookkeeping shared by delivery (signals.cpp), the host side (host_signals.cpp) and the
// rt_sig* system calls: masks mirrored onto the host, pending sets, the sigreturn trampoline.
#pragma once

#include <csignal>
#include <optional>

#include "core/types.h"
#include "linux/process.h"
#include "linux/signal_frame.h"
#include "linux/syscall_table.h"
#include "linux/thread.h"

namespace polyvm::linux_user {

constexpr u64 sig_bit(int signal) {
  return u64{1} << (signal - 1);
}
inline constexpr u64 kUnblockable = sig_bit(SIGKILL) | sig_bit(SIGSTOP);
inline constexpr u64 kSigDfl = 0;
inline constexpr u64 kSigIgn = 1;
inline constexpr u64 kSaOnstack = 0x08000000;
inline constexpr u64 kSaRestart = 0x10000000;
inline constexpr u64 kSaNodefer = 0x40000000;
inline constexpr u64 kSaResethand = 0x80000000;
inline constexpr int kSsOnstack = 1;
inline constexpr int kSsDisable = 2;
inline constexpr int kSsAutodisarm = 1 << 31;
/// The kernel's sigset_t is 64 bits: rt_sig* calls insist on sigsetsize 8.
inline constexpr u64 kSigsetSize = 8;

// --- host side (host_signals.cpp) ---

/// Makes the host disposition of `signal` follow the guest's action: SIG_DFL and SIG_IGN are the
/// host's own (so default actions and exec inheritance are native); a guest handler routes the
/// host signal to the guest as pending.
void mirror_sigaction(int signal, const GuestSigaction& action);
/// Sets the host thread's mask to the guest mask (minus the faults polyvm must always see), so
/// the host kernel holds guest-blocked signals pending.
void mirror_mask(u64 guest_mask);
/// The host thread's current mask as a guest mask.
u64 host_mask();
/// Signals pending on the host for this thread or the process (rt_sigpending).
u64 host_pending();
/// Gives this host thread an alternate stack for polyvm's own handlers.
void set_up_host_altstack();
/// Dispositions the host had at start; SIG_IGN ones stay ignored for the guest (exec semantics).
void inherit_host_dispositions(Process& process);
/// A fault the host handler saw on this thread before the interpreter turned it into an Exit.
struct HostFault {
  int signal = 0;
  int code = 0;
  const void* addr = nullptr;
};
/// Takes the last recorded host fault of this thread (signal 0 if none).
HostFault take_host_fault();
/// The siginfo the host handler recorded for `signal` on this thread.
GuestSiginfo recorded_siginfo(int signal);
/// Guest address of `li a7, 139; ecall`, the return address of signal handlers.
u64 sigreturn_trampoline();
void map_sigreturn_trampoline(Process& process);

// --- delivery (signals.cpp) ---

/// First use of a Thread on this host thread: current_thread(), the mask the host thread
/// already has (inherited across exec and clone), a host altstack.
void attach_thread(Thread& thread);
/// Sets the guest mask (SIGKILL and SIGSTOP stay unblocked) and mirrors it on the host.
void set_guest_mask(Thread& thread, u64 mask);
/// After a wait that swapped in a temporary mask on the host (rt_sigsuspend, ppoll, pselect6,
/// epoll_pwait) was interrupted: the guest mask becomes `mask` until delivery, whose frame saves
/// the old one (the kernel's set_user_sigmask and restore_saved_sigmask).
void enter_temporary_mask(Thread& thread, u64 mask);
/// The guest mask as a host mask: what polyvm must always receive (SIGSEGV, SIGBUS) removed.
u64 host_mask_for(u64 guest_mask);
/// Pending signals of the thread and the process, as the guest sees them.
u64 pending_signals(const Thread& thread);
/// Removes the lowest pending signal in `set` and returns its siginfo (rt_sigtimedwait).
std::optional<GuestSiginfo> take_pending(Thread& thread, u64 set);
/// Whether sp lies on the thread's alternate signal stack.
bool on_altstack(const Thread& thread, u64 sp);
/// stack_t as uc_stack and sigaltstack's old value report it for the current sp.
GuestStackT altstack_report(const Thread& thread, u64 sp);

// --- SA_RESTART (syscall_restart.cpp) ---

/// Wraps the waits that take a temporary mask (ppoll, pselect6, epoll_pwait, epoll_pwait2) so that
/// when one is interrupted the handler runs under that mask, as after rt_sigsuspend.
void apply_temporary_masks_on_interruption(SyscallTable& table);
/// Wraps the table's restartable calls so that one interrupted by a signal whose handler has
/// SA_RESTART (or that runs no handler) is re-issued after delivery. Needs the other groups
/// registered first: register_signal_syscalls, the last group, calls it.
void make_interrupted_calls_restartable(SyscallTable& table);

}  // namespace polyvm::linux_user
