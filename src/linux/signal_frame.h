// The riscv64 Linux rt_sigframe (arch/riscv/kernel/signal.c): what a guest signal handler sees.
#pragma once

#include <cstddef>
#include <optional>

#include "core/types.h"

namespace polyvm::linux_user {

class Thread;

/// siginfo_t as the 64-bit generic ABI lays it out (128 bytes; identical on x86_64 hosts).
struct GuestSiginfo {
  s32 signo = 0;
  s32 errno_value = 0;
  s32 code = 0;
  s32 pad = 0;
  union {
    u64 addr;  ///< SIGSEGV, SIGBUS, SIGILL, SIGTRAP: the faulting address
    struct {
      s32 pid;  ///< kill, tkill, sigqueue, SIGCHLD: the sender
      u32 uid;
    } sender;
    u8 raw[112];
  } fields{};
};
static_assert(sizeof(GuestSiginfo) == 128);
static_assert(offsetof(GuestSiginfo, fields) == 16);

/// stack_t (asm-generic): ss_sp, ss_flags, ss_size.
struct GuestStackT {
  u64 sp = 0;
  s32 flags = 0;
  u32 pad = 0;
  u64 size = 0;
};
static_assert(sizeof(GuestStackT) == 24);

/// union __riscv_fp_state with the D layout (f[32], fcsr), sized as the Q variant; the tail also
/// holds __riscv_extra_ext_header, whose END header (magic 0, size 0) an all-zero tail encodes.
struct alignas(16) GuestFpState {
  u64 f[32] = {};
  u32 fcsr = 0;
  u8 reserved[268] = {};
};
static_assert(sizeof(GuestFpState) == 528);

/// struct sigcontext: user_regs_struct (pc, then x1..x31) and the FP state.
struct GuestSigcontext {
  u64 regs[32] = {};  ///< regs[0] is pc, regs[i] is x[i]
  GuestFpState fp;
};
static_assert(sizeof(GuestSigcontext) == 784);

/// struct ucontext (asm/ucontext.h): the kernel's 8-byte sigset_t padded to 128 bytes.
struct GuestUcontext {
  u64 flags = 0;
  u64 link = 0;
  GuestStackT stack;
  u64 sigmask = 0;
  u8 unused[120] = {};
  GuestSigcontext mcontext;
};
static_assert(offsetof(GuestUcontext, sigmask) == 40);
static_assert(offsetof(GuestUcontext, mcontext) == 176);
static_assert(sizeof(GuestUcontext) == 960);

/// struct rt_sigframe: siginfo, then the ucontext; sp points at it while the handler runs.
struct GuestRtSigframe {
  GuestSiginfo info;
  GuestUcontext uc;
};
static_assert(offsetof(GuestRtSigframe, uc) == 128);
static_assert(sizeof(GuestRtSigframe) == 1088);

/// What set_up_signal_frame needs besides the registers.
struct FrameRequest {
  int signal = 0;
  u64 handler = 0;
  u64 restorer = 0;      ///< the return address: the sigreturn trampoline
  u64 stack_top = 0;     ///< the sp the frame goes below (the interrupted sp or the altstack top)
  u64 saved_mask = 0;    ///< the mask rt_sigreturn restores
  GuestStackT altstack;  ///< sigaltstack state as uc_stack records it
  GuestSiginfo info;
};

/// Writes the frame below request.stack_top and points the thread's cpu at the handler (a0 =
/// signal, a1 = &info, a2 = &uc, ra = restorer, sp = frame). Returns false, leaving cpu unchanged,
/// when the stack is not writable (the kernel then forces SIGSEGV).
bool set_up_signal_frame(Thread& thread, const FrameRequest& request);

/// What rt_sigreturn restores besides the registers.
struct RestoredFrame {
  u64 mask = 0;
  GuestStackT altstack;
};

/// Reloads all registers, fcsr and the f-registers from the frame at sp (x2) (as the guest may
/// have modified them). nullopt, cpu unchanged, if the frame is unreadable.
std::optional<RestoredFrame> restore_signal_frame(Thread& thread);

}  // namespace polyvm::linux_user
