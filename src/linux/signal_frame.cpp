// Building and unwinding the riscv64 rt_sigframe, as setup_rt_frame and rt_sigreturn do.
#include "linux/signal_frame.h"

#include <memory>

#include "linux/syscall_support.h"

namespace polyvm::linux_user {

namespace {

constexpr u64 kFcsrFlagsMask = 0x1f;
constexpr u32 kFrmShift = 5;
constexpr u32 kFrmMask = 0x7;

GuestSigcontext save_registers(const guest::riscv64::CpuState& cpu) {
  GuestSigcontext sc;
  sc.regs[0] = cpu.pc;
  for (int i = 1; i < 32; ++i) sc.regs[i] = cpu.x[i];
  for (int i = 0; i < 32; ++i) sc.fp.f[i] = cpu.f[i];
  sc.fp.fcsr = (cpu.frm << kFrmShift) | (cpu.fflags & kFcsrFlagsMask);
  return sc;
}

void load_registers(const GuestSigcontext& sc, guest::riscv64::CpuState& cpu) {
  cpu.pc = sc.regs[0];
  for (int i = 1; i < 32; ++i) cpu.x[i] = sc.regs[i];
  for (int i = 0; i < 32; ++i) cpu.f[i] = sc.fp.f[i];
  cpu.fflags = sc.fp.fcsr & kFcsrFlagsMask;
  cpu.frm = (sc.fp.fcsr >> kFrmShift) & kFrmMask;
  cpu.reservation_valid = false;
}

}  // namespace

bool set_up_signal_frame(Thread& thread, const FrameRequest& request) {
  guest::riscv64::CpuState& cpu = thread.cpu;
  // get_sigframe: room for the frame below the stack top, 16-byte aligned.
  u64 frame_addr = (request.stack_top - sizeof(GuestRtSigframe)) & ~u64{15};
  auto frame = std::make_unique<GuestRtSigframe>();
  frame->info = request.info;
  frame->uc.stack = request.altstack;
  frame->uc.sigmask = request.saved_mask;
  frame->uc.mcontext = save_registers(cpu);
  if (!write_guest(thread, frame_addr, *frame)) return false;

  cpu.x[10] = static_cast<u64>(request.signal);
  cpu.x[11] = frame_addr + offsetof(GuestRtSigframe, info);
  cpu.x[12] = frame_addr + offsetof(GuestRtSigframe, uc);
  cpu.x[1] = request.restorer;
  cpu.x[2] = frame_addr;
  cpu.pc = request.handler;
  cpu.reservation_valid = false;
  return true;
}

std::optional<RestoredFrame> restore_signal_frame(Thread& thread) {
  auto frame = std::make_unique<GuestRtSigframe>();
  if (!read_guest(thread, thread.cpu.x[2], *frame)) return std::nullopt;
  load_registers(frame->uc.mcontext, thread.cpu);
  return RestoredFrame{.mask = frame->uc.sigmask, .altstack = frame->uc.stack};
}

}  // namespace polyvm::linux_user
