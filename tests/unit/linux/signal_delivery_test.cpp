// Delivery of guest signals as the riscv64 kernel does it (arch/riscv/kernel/signal.c, signal(7),
// sigaction(2), sigaltstack(2)); signal sources and wait statuses come from the host kernel.
#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "guest_process_fixture.h"

namespace polyvm::linux_user {
namespace {

using guest::riscv64::Exit;
using guest::riscv64::ExitReason;

constexpr u64 kHandler = 0x5000;
constexpr u64 kSigsetBytes = 8;

class SignalDeliveryTest : public GuestProcessTest {
 protected:
  void SetUp() override {
    GuestProcessTest::SetUp();
    install_host_signal_handlers(*process_);
    thread_->cpu.x[2] = stack_top_ - 64;
    thread_->cpu.pc = 0x7000;
  }

  /// rt_sigaction(signal, {handler, flags, mask}) through the syscall, as guest code would.
  void set_action(int signal, u64 handler, u64 flags = 0, u64 mask = 0) {
    store(scratch_, handler);
    store(scratch_ + 8, flags);
    store(scratch_ + 16, mask);
    ASSERT_EQ(call(nr::rt_sigaction, {static_cast<u64>(signal), scratch_, 0, kSigsetBytes}), 0);
  }
};

TEST_F(SignalDeliveryTest, KillToSelfRunsTheHandlerWithTheKernelsRegisterConvention) {
  set_action(SIGUSR1, kHandler);
  u64 interrupted_sp = thread_->cpu.x[2];
  ASSERT_EQ(call(nr::kill, {static_cast<u64>(::getpid()), SIGUSR1}), 0);
  deliver_pending_signals(*thread_);
  auto& cpu = thread_->cpu;
  EXPECT_EQ(cpu.pc, kHandler);
  EXPECT_EQ(cpu.x[10], static_cast<u64>(SIGUSR1));
  EXPECT_EQ(cpu.x[1], sigreturn_trampoline());
  EXPECT_NE(sigreturn_trampoline(), 0u);
  EXPECT_EQ(cpu.x[2] % 16, 0u);
  EXPECT_LT(cpu.x[2], interrupted_sp);
  EXPECT_EQ(cpu.x[11], cpu.x[2]);        // &frame->info
  EXPECT_EQ(cpu.x[12], cpu.x[2] + 128);  // &frame->uc
  EXPECT_EQ(load32(cpu.x[11]), static_cast<u32>(SIGUSR1));
  EXPECT_EQ(load32(cpu.x[11] + 8), static_cast<u32>(SI_USER));      // si_code
  EXPECT_EQ(load32(cpu.x[11] + 16), static_cast<u32>(::getpid()));  // si_pid
}

TEST_F(SignalDeliveryTest, HandlerRunsWithSaMaskAndItsOwnSignalBlockedUnlessNodefer) {
  set_action(SIGUSR1, kHandler, 0, sig_bit(SIGUSR2));
  set_action(SIGHUP, kHandler, kSaNodefer);
  ASSERT_EQ(call(nr::tgkill, {static_cast<u64>(::getpid()), static_cast<u64>(::gettid()), SIGUSR1}),
            0);
  deliver_pending_signals(*thread_);
  EXPECT_EQ(thread_->blocked.load(), sig_bit(SIGUSR1) | sig_bit(SIGUSR2));

  thread_->blocked.store(0);
  ASSERT_EQ(call(nr::tgkill, {static_cast<u64>(::getpid()), static_cast<u64>(::gettid()), SIGHUP}),
            0);
  deliver_pending_signals(*thread_);
  EXPECT_EQ(thread_->blocked.load(), 0u);
}

TEST_F(SignalDeliveryTest, SigreturnRestoresTheInterruptedRegistersAndMask) {
  set_action(SIGUSR1, kHandler);
  auto& cpu = thread_->cpu;
  for (int i = 3; i < 32; ++i) cpu.x[i] = 0x100 + i;
  cpu.f[5] = 0x400921fb54442d18;
  ASSERT_EQ(call(nr::kill, {static_cast<u64>(::getpid()), SIGUSR1}), 0);
  auto before = cpu;  // as kill returned
  deliver_pending_signals(*thread_);
  for (int i = 3; i < 32; ++i) cpu.x[i] = 0xdead;  // the handler clobbers
  cpu.f[5] = 0;
  call(nr::rt_sigreturn);
  EXPECT_EQ(cpu.pc, before.pc);
  for (int i = 1; i < 32; ++i) EXPECT_EQ(cpu.x[i], before.x[i]) << "x" << i;
  EXPECT_EQ(cpu.f[5], before.f[5]);
  EXPECT_EQ(thread_->blocked.load(), 0u);
}

TEST_F(SignalDeliveryTest, ABlockedSignalStaysPendingUntilUnblocked) {
  set_action(SIGUSR2, kHandler);
  store(scratch_ + 32, sig_bit(SIGUSR2));
  ASSERT_EQ(call(nr::rt_sigprocmask, {SIG_BLOCK, scratch_ + 32, 0, kSigsetBytes}), 0);
  sigset_t host;
  ::pthread_sigmask(SIG_BLOCK, nullptr, &host);
  EXPECT_TRUE(sigismember(&host, SIGUSR2));  // the host thread holds it pending for us
  ASSERT_EQ(call(nr::kill, {static_cast<u64>(::getpid()), SIGUSR2}), 0);
  deliver_pending_signals(*thread_);
  EXPECT_EQ(thread_->cpu.pc, 0x7000u);
  ASSERT_EQ(call(nr::rt_sigpending, {scratch_ + 40, kSigsetBytes}), 0);
  EXPECT_EQ(load(scratch_ + 40), sig_bit(SIGUSR2));
  ASSERT_EQ(call(nr::rt_sigprocmask, {SIG_UNBLOCK, scratch_ + 32, 0, kSigsetBytes}), 0);
  deliver_pending_signals(*thread_);
  EXPECT_EQ(thread_->cpu.pc, kHandler);
}

TEST_F(SignalDeliveryTest, SaResethandRestoresTheDefaultAction) {
  set_action(SIGUSR1, kHandler, kSaResethand);
  ASSERT_EQ(call(nr::kill, {static_cast<u64>(::getpid()), SIGUSR1}), 0);
  deliver_pending_signals(*thread_);
  EXPECT_EQ(thread_->cpu.pc, kHandler);
  ASSERT_EQ(call(nr::rt_sigaction, {SIGUSR1, 0, scratch_ + 64, kSigsetBytes}), 0);
  EXPECT_EQ(load(scratch_ + 64), kSigDfl);
}

TEST_F(SignalDeliveryTest, SaOnstackPutsTheFrameOnTheAlternateStack) {
  u64 alt = scratch_ + 4 * kPageSize;
  store(scratch_ + 32, alt);
  store(scratch_ + 40, 0);
  store(scratch_ + 48, 4 * kPageSize);
  ASSERT_EQ(call(nr::sigaltstack, {scratch_ + 32, 0}), 0);
  set_action(SIGUSR1, kHandler, kSaOnstack);
  ASSERT_EQ(call(nr::kill, {static_cast<u64>(::getpid()), SIGUSR1}), 0);
  deliver_pending_signals(*thread_);
  u64 sp = thread_->cpu.x[2];
  EXPECT_GT(sp, alt);
  EXPECT_LE(sp + 1088, alt + 4 * kPageSize);
  u64 uc = thread_->cpu.x[12];
  EXPECT_EQ(load(uc + 16), alt);  // uc_stack.ss_sp
  // While on it, sigaltstack reports SS_ONSTACK and refuses changes (sigaltstack(2): EPERM).
  ASSERT_EQ(call(nr::sigaltstack, {0, scratch_ + 96}), 0);
  EXPECT_EQ(load32(scratch_ + 96 + 8), static_cast<u32>(SS_ONSTACK));
  EXPECT_EQ(call(nr::sigaltstack, {scratch_ + 32, 0}), -EPERM);
}

TEST_F(SignalDeliveryTest, SigaltstackRejectsTooSmallStacksAndUnknownFlags) {
  store(scratch_, scratch_ + kPageSize);
  store(scratch_ + 8, 0);
  store(scratch_ + 16, 1024);  // below MINSIGSTKSZ (2048)
  EXPECT_EQ(call(nr::sigaltstack, {scratch_, 0}), -ENOMEM);
  store(scratch_ + 8, 0x10);
  EXPECT_EQ(call(nr::sigaltstack, {scratch_, 0}), -EINVAL);
}

TEST_F(SignalDeliveryTest, SigactionRefusesSigkillAndWrongSigsetSize) {
  store(scratch_, kHandler);
  EXPECT_EQ(call(nr::rt_sigaction, {SIGKILL, scratch_, 0, kSigsetBytes}), -EINVAL);
  EXPECT_EQ(call(nr::rt_sigaction, {SIGUSR1, scratch_, 0, 16}), -EINVAL);
  EXPECT_EQ(call(nr::rt_sigaction, {65, scratch_, 0, kSigsetBytes}), -EINVAL);
}

TEST_F(SignalDeliveryTest, AFaultWithAHandlerReportsTheAddressAndMaperr) {
  set_action(SIGSEGV, kHandler);
  Exit fault{.reason = ExitReason::kLoadFault, .pc = 0x7010, .fault_addr = 0x1234};
  raise_synchronous_signal(*thread_, fault);
  auto& cpu = thread_->cpu;
  EXPECT_EQ(cpu.pc, kHandler);
  EXPECT_EQ(load32(cpu.x[11] + 8), 1u);  // SEGV_MAPERR
  EXPECT_EQ(load(cpu.x[11] + 16), 0x1234u);
  EXPECT_EQ(load(cpu.x[12] + 176), 0x7010u);  // sc_regs.pc: the faulting instruction
}

/// read() on an empty pipe while another host thread sends this thread SIGUSR1.
class InterruptedReadTest : public SignalDeliveryTest {
 protected:
  s64 interrupted_read() {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    pid_t tid = ::gettid();
    std::thread sender([tid] {
      ::usleep(20'000);
      ::syscall(SYS_tgkill, ::getpid(), tid, SIGUSR1);
    });
    thread_->cpu.pc = 0x7004;  // as the run loop leaves it: past the ecall
    s64 result = call(nr::read, {static_cast<u64>(fds[0]), scratch_ + 512, 1});
    sender.join();
    ::close(fds[0]);
    ::close(fds[1]);
    fd_ = fds[0];
    return result;
  }
  int fd_ = -1;
};

TEST_F(InterruptedReadTest, WithoutSaRestartReadFailsWithEintr) {
  set_action(SIGUSR1, kHandler);
  EXPECT_EQ(interrupted_read(), -EINTR);
  EXPECT_EQ(thread_->cpu.pc, 0x7004u);
}

TEST_F(InterruptedReadTest, WithSaRestartTheEcallRunsAgainAfterTheHandler) {
  set_action(SIGUSR1, kHandler, kSaRestart);
  EXPECT_EQ(interrupted_read(), fd_);   // a0 is the original first argument again
  EXPECT_EQ(thread_->cpu.pc, 0x7000u);  // back on the ecall
  deliver_pending_signals(*thread_);
  EXPECT_EQ(thread_->cpu.pc, kHandler);
  EXPECT_EQ(load(thread_->cpu.x[12] + 176), 0x7000u);  // sigreturn resumes at the ecall
}

using SignalDeathTest = SignalDeliveryTest;

TEST_F(SignalDeathTest, AnIllegalInstructionWithoutHandlerKillsWithSigill) {
  Exit illegal{.reason = ExitReason::kIllegalInstruction, .pc = 0x7000, .insn = 0xffffffff};
  EXPECT_EXIT(raise_synchronous_signal(*thread_, illegal), ::testing::KilledBySignal(SIGILL), "");
}

TEST_F(SignalDeathTest, ABlockedFaultSignalStillKills) {
  set_action(SIGBUS, kHandler);
  store(scratch_ + 32, sig_bit(SIGBUS));
  ASSERT_EQ(call(nr::rt_sigprocmask, {SIG_BLOCK, scratch_ + 32, 0, kSigsetBytes}), 0);
  Exit misaligned{.reason = ExitReason::kMisalignedAtomic, .pc = 0x7000, .fault_addr = 0x1001};
  EXPECT_EXIT(raise_synchronous_signal(*thread_, misaligned), ::testing::KilledBySignal(SIGBUS),
              "");
}

TEST_F(SignalDeathTest, KillWithTheDefaultActionTerminatesLikeANativeProcess) {
  EXPECT_EXIT(call(nr::kill, {static_cast<u64>(::getpid()), SIGTERM}),
              ::testing::KilledBySignal(SIGTERM), "");
}

}  // namespace
}  // namespace polyvm::linux_user
