// The rt_sigframe against the riscv64 kernel ABI: offsets from the kernel's own headers (compiled
// for riscv64 and run under qemu-riscv64), and what building and unwinding a frame does.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "guest_process_fixture.h"
#include "linux/signal_frame.h"

namespace polyvm::linux_user {
namespace {

// Prints offsetof()s of the riscv64 uapi structs; built with the cross compiler at test time.
constexpr const char* kLayoutProgram = R"(
#include <stddef.h>
#include <stdio.h>
#include <asm/signal.h>
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>
#define P(name, value) printf("%s %lu\n", name, (unsigned long)(value))
int main(void) {
  P("siginfo_size", sizeof(siginfo_t));
  P("siginfo_code", offsetof(siginfo_t, si_code));
  P("siginfo_addr", offsetof(siginfo_t, si_addr));
  P("siginfo_pid", offsetof(siginfo_t, si_pid));
  P("siginfo_uid", offsetof(siginfo_t, si_uid));
  P("stack_size", sizeof(stack_t));
  P("stack_flags", offsetof(stack_t, ss_flags));
  P("stack_ss_size", offsetof(stack_t, ss_size));
  P("uc_stack", offsetof(struct ucontext, uc_stack));
  P("uc_sigmask", offsetof(struct ucontext, uc_sigmask));
  P("uc_mcontext", offsetof(struct ucontext, uc_mcontext));
  P("uc_size", sizeof(struct ucontext));
  P("sc_ra", offsetof(struct sigcontext, sc_regs.ra));
  P("sc_t6", offsetof(struct sigcontext, sc_regs.t6));
  P("sc_f0", offsetof(struct sigcontext, sc_fpregs.d.f));
  P("sc_fcsr", offsetof(struct sigcontext, sc_fpregs.d.fcsr));
  P("sc_size", sizeof(struct sigcontext));
  P("sigaction_size", sizeof(struct sigaction));
  P("sigaction_flags", offsetof(struct sigaction, sa_flags));
  P("sigaction_mask", offsetof(struct sigaction, sa_mask));
  return 0;
}
)";

std::map<std::string, u64> riscv64_kernel_layout() {
  auto dir =
      std::filesystem::temp_directory_path() / ("polyvm_layout_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "layout.c") << kLayoutProgram;
  std::string build = "riscv64-linux-gnu-gcc -static -O1 -o " + (dir / "layout").string() + " " +
                      (dir / "layout.c").string() + " 2>/dev/null";
  std::map<std::string, u64> layout;
  if (std::system(build.c_str()) == 0) {
    std::string run = "qemu-riscv64 " + (dir / "layout").string();
    if (FILE* out = ::popen(run.c_str(), "r")) {
      char name[64];
      unsigned long value;
      while (std::fscanf(out, "%63s %lu", name, &value) == 2) layout[name] = value;
      ::pclose(out);
    }
  }
  std::filesystem::remove_all(dir);
  return layout;
}

TEST(SignalFrame, LayoutMatchesTheRiscv64KernelHeaders) {
  auto k = riscv64_kernel_layout();
  if (k.empty()) GTEST_SKIP() << "needs riscv64-linux-gnu-gcc and qemu-riscv64";
  EXPECT_EQ(k["siginfo_size"], sizeof(GuestSiginfo));
  EXPECT_EQ(k["siginfo_code"], offsetof(GuestSiginfo, code));
  EXPECT_EQ(k["siginfo_addr"], offsetof(GuestSiginfo, fields.addr));
  EXPECT_EQ(k["siginfo_pid"], offsetof(GuestSiginfo, fields.sender.pid));
  EXPECT_EQ(k["siginfo_uid"], offsetof(GuestSiginfo, fields.sender.uid));
  EXPECT_EQ(k["stack_size"], sizeof(GuestStackT));
  EXPECT_EQ(k["stack_flags"], offsetof(GuestStackT, flags));
  EXPECT_EQ(k["stack_ss_size"], offsetof(GuestStackT, size));
  EXPECT_EQ(k["uc_stack"], offsetof(GuestUcontext, stack));
  EXPECT_EQ(k["uc_sigmask"], offsetof(GuestUcontext, sigmask));
  EXPECT_EQ(k["uc_mcontext"], offsetof(GuestUcontext, mcontext));
  EXPECT_EQ(k["uc_size"], sizeof(GuestUcontext));
  EXPECT_EQ(k["sc_ra"], offsetof(GuestSigcontext, regs[1]));
  EXPECT_EQ(k["sc_t6"], offsetof(GuestSigcontext, regs[31]));
  EXPECT_EQ(k["sc_f0"], offsetof(GuestSigcontext, fp.f));
  EXPECT_EQ(k["sc_fcsr"], offsetof(GuestSigcontext, fp.fcsr));
  EXPECT_EQ(k["sc_size"], sizeof(GuestSigcontext));
  EXPECT_EQ(k["sigaction_size"], sizeof(GuestSigaction));
  EXPECT_EQ(k["sigaction_flags"], offsetof(GuestSigaction, flags));
  EXPECT_EQ(k["sigaction_mask"], offsetof(GuestSigaction, mask));
}

// Offsets in the frame the riscv64 kernel builds (arch/riscv/kernel/signal.c: siginfo, then the
// ucontext; numbers from the test above).
constexpr u64 kUc = 128;
constexpr u64 kMcontext = kUc + 176;
constexpr u64 kFpregs = kMcontext + 256;
constexpr u64 kFcsr = kMcontext + 512;
constexpr u64 kSigmask = kUc + 40;

using FrameTest = GuestProcessTest;

TEST_F(FrameTest, HandlerEntrySeesTheRegistersWhereTheKernelSavesThem) {
  auto& cpu = thread_->cpu;
  for (int i = 1; i < 32; ++i) cpu.x[i] = 0x1000 + i;
  for (int i = 0; i < 32; ++i) cpu.f[i] = 0x4000000000000000 + i;
  cpu.pc = 0x12344;
  cpu.fflags = 0x15;
  cpu.frm = 3;
  cpu.x[2] = stack_top_ - 24;  // unaligned interrupted sp
  GuestSiginfo info{.signo = 10, .code = -6};
  FrameRequest request{.signal = 10,
                       .handler = 0x5000,
                       .restorer = 0x6000,
                       .stack_top = cpu.x[2],
                       .saved_mask = 0x8001,
                       .info = info};
  ASSERT_TRUE(set_up_signal_frame(*thread_, request));

  u64 frame = cpu.x[2];
  EXPECT_EQ(frame % 16, 0u);
  EXPECT_LE(frame + 1088, stack_top_ - 24);
  EXPECT_EQ(cpu.pc, 0x5000u);
  EXPECT_EQ(cpu.x[1], 0x6000u);
  EXPECT_EQ(cpu.x[10], 10u);
  EXPECT_EQ(cpu.x[11], frame);
  EXPECT_EQ(cpu.x[12], frame + kUc);
  EXPECT_EQ(load(frame) & 0xffffffff, 10u);                     // si_signo
  EXPECT_EQ(load(kMcontext + frame), 0x12344u);                 // sc_regs.pc
  EXPECT_EQ(load(kMcontext + frame + 8 * 5), 0x1005u);          // sc_regs.t0 (x5)
  EXPECT_EQ(load(kMcontext + frame + 8 * 2), stack_top_ - 24);  // the interrupted sp
  EXPECT_EQ(load(kFpregs + frame + 8 * 7), 0x4000000000000007u);
  EXPECT_EQ(load(kFcsr + frame) & 0xffffffff, (3u << 5) | 0x15u);
  EXPECT_EQ(load(kSigmask + frame), 0x8001u);
}

TEST_F(FrameTest, SigreturnRestoresWhatTheHandlerLeftInTheFrame) {
  auto& cpu = thread_->cpu;
  for (int i = 1; i < 32; ++i) cpu.x[i] = 0x2000 + i;
  cpu.x[2] = stack_top_;
  cpu.pc = 0x7000;
  FrameRequest request{.signal = 11,
                       .handler = 0x5000,
                       .restorer = 0x6000,
                       .stack_top = cpu.x[2],
                       .saved_mask = 0x4};
  ASSERT_TRUE(set_up_signal_frame(*thread_, request));
  u64 frame = cpu.x[2];
  store(kMcontext + frame, 0x7004);         // skip the faulting instruction
  store(kMcontext + frame + 8 * 10, 0x77);  // a0
  store(kFcsr + frame, (1u << 5) | 0x1);    // frm = RTZ, NX
  store(kSigmask + frame, 0x30);
  for (int i = 3; i < 32; ++i) cpu.x[i] = 0;  // the handler clobbers registers

  auto restored = restore_signal_frame(*thread_);
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(cpu.pc, 0x7004u);
  EXPECT_EQ(cpu.x[10], 0x77u);
  EXPECT_EQ(cpu.x[2], stack_top_);
  EXPECT_EQ(cpu.x[31], 0x2000u + 31);
  EXPECT_EQ(cpu.frm, 1u);
  EXPECT_EQ(cpu.fflags, 1u);
  EXPECT_EQ(restored->mask, 0x30u);
}

TEST_F(FrameTest, AFrameOnAnUnmappedStackIsRefused) {
  auto& cpu = thread_->cpu;
  cpu.x[2] = 0x1000;  // below kMmapMin: never mapped
  cpu.pc = 0x7000;
  FrameRequest request{.signal = 11, .handler = 0x5000, .stack_top = cpu.x[2]};
  EXPECT_FALSE(set_up_signal_frame(*thread_, request));
  EXPECT_EQ(cpu.pc, 0x7000u);
}

}  // namespace
}  // namespace polyvm::linux_user
