// Process and thread syscalls against the host kernel as oracle: ids, futex on guest words,
// wait statuses, fork-like clone, thread clone with its tid words, exit_group.
#include <gtest/gtest.h>
#include <linux/futex.h>
#include <sys/wait.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <thread>

#include "guest_process_fixture.h"

namespace polyvm::linux_user {
namespace {

constexpr u64 kCloneThreadFlags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                                  CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
                                  CLONE_CHILD_CLEARTID;

using ProcessSyscallsTest = GuestProcessTest;

TEST_F(ProcessSyscallsTest, IdsAreTheHostsBecauseEachGuestThreadIsAHostThread) {
  EXPECT_EQ(call(nr::getpid), ::getpid());
  EXPECT_EQ(call(nr::gettid), ::gettid());
  EXPECT_EQ(call(nr::set_tid_address, {scratch_}), ::gettid());
  EXPECT_EQ(thread_->clear_child_tid, scratch_);
}

TEST_F(ProcessSyscallsTest, FutexWaitChecksTheValueAndTimesOut) {
  store32(scratch_, 5);
  store(scratch_ + 8, 0);           // tv_sec
  store(scratch_ + 16, 1'000'000);  // tv_nsec: 1 ms
  u64 wait = FUTEX_WAIT | FUTEX_PRIVATE_FLAG;
  EXPECT_EQ(call(nr::futex, {scratch_, wait, 4, scratch_ + 8}), -EAGAIN);
  EXPECT_EQ(call(nr::futex, {scratch_, wait, 5, scratch_ + 8}), -ETIMEDOUT);
  EXPECT_EQ(call(nr::futex, {scratch_ + 2, wait, 5, scratch_ + 8}), -EINVAL);
  EXPECT_EQ(call(nr::futex, {0x1000, wait, 5, 0}), -EFAULT);
}

TEST_F(ProcessSyscallsTest, FutexWakeReachesAHostWaiterOnTheSameWord) {
  store32(scratch_, 0);
  // SAFETY: the guest word's host address, as the host kernel sees it.
  auto* word = reinterpret_cast<u32*>(process_->space().host(scratch_));
  std::atomic<bool> started{false};
  std::thread waiter([&] {
    started = true;
    ::syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr, 0);
  });
  while (!started) std::this_thread::yield();
  s64 woken = 0;
  for (int tries = 0; tries < 1000 && woken == 0; ++tries) {
    woken = call(nr::futex, {scratch_, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1});
    if (woken == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  waiter.join();
  EXPECT_EQ(woken, 1);
}

TEST_F(ProcessSyscallsTest, Wait4PassesTheHostStatusThrough) {
  pid_t child = ::fork();
  if (child == 0) ::_exit(7);
  ASSERT_EQ(call(nr::wait4, {static_cast<u64>(child), scratch_, 0, scratch_ + 64}), child);
  int status = static_cast<int>(load32(scratch_));
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 7);
}

TEST_F(ProcessSyscallsTest, ForkLikeCloneReturnsZeroInTheChildAndItsPidInTheParent) {
  s64 pid = call(nr::clone, {SIGCHLD, 0, 0, 0, 0});
  if (pid == 0) ::_exit(thread_->tid == ::getpid() ? 42 : 1);
  ASSERT_GT(pid, 0);
  int status = 0;
  ASSERT_EQ(::waitpid(static_cast<pid_t>(pid), &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 42);
}

TEST_F(ProcessSyscallsTest, VforkChildSharesMemoryAndTheParentResumesWhenItExits) {
  // The child runs (riscv64-linux-gnu-as): sd t0, 0(t1); li a0, 3; li a7, 94; ecall
  const u32 code[] = {0x00533023, 0x00300513, 0x05e00893, 0x00000073};
  u64 text = scratch_ + 8 * kPageSize;
  std::memcpy(process_->space().host(text), code, sizeof(code));
  ASSERT_EQ(process_->memory().mprotect(text, kPageSize, PROT_READ | PROT_EXEC), 0);
  auto& cpu = thread_->cpu;
  cpu.pc = text;
  cpu.x[5] = 77;
  cpu.x[6] = scratch_ + 256;
  store(scratch_ + 256, 0);
  s64 pid = call(nr::clone, {CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0});
  ASSERT_GT(pid, 0);
  EXPECT_EQ(load(scratch_ + 256), 77u);  // written by the child before the parent resumed
  EXPECT_EQ(cpu.pc, text);               // the parent's registers are its own again
  EXPECT_EQ(thread_->tid, ::gettid());
  int status = 0;
  EXPECT_EQ(::waitpid(static_cast<pid_t>(pid), &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
}

TEST_F(ProcessSyscallsTest, ThreadCloneRunsGuestCodeAndClearsTheChildTidOnExit) {
  // The new thread runs: li a0, 0; li a7, 93 (exit); ecall.
  const u32 code[] = {0x00000513, 0x05d00893, 0x00000073};
  u64 text = scratch_ + 8 * kPageSize;
  std::memcpy(process_->space().host(text), code, sizeof(code));
  ASSERT_EQ(process_->memory().mprotect(text, kPageSize, PROT_READ | PROT_EXEC), 0);
  thread_->cpu.pc = text;
  u64 ptid = scratch_, ctid = scratch_ + 8;
  store32(ctid, 0xffffffff);
  s64 tid = call(nr::clone, {kCloneThreadFlags, stack_top_ - 256, ptid, 0x1234, ctid});
  ASSERT_GT(tid, 0);
  EXPECT_NE(tid, ::gettid());
  EXPECT_EQ(load32(ptid), static_cast<u32>(tid));
  // As pthread_join does: wait until the kernel (here polyvm) clears ctid and wakes it.
  // SAFETY: the guest word's host address.
  auto* word = reinterpret_cast<std::atomic<u32>*>(process_->space().host(ctid));
  for (u32 seen; (seen = word->load()) != 0;) {
    ::syscall(SYS_futex, word, FUTEX_WAIT, seen, nullptr, nullptr, 0);
  }
  EXPECT_EQ(word->load(), 0u);
  // The host thread is gone soon after (it clears ctid before it ends, as the kernel does).
  std::string task = "/proc/self/task/" + std::to_string(tid);
  for (int tries = 0; tries < 1000 && std::filesystem::exists(task); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_FALSE(std::filesystem::exists(task));
}

TEST_F(ProcessSyscallsTest, ExitGroupOfTheOnlyThreadStopsTheRunLoopWithItsStatus) {
  call(nr::exit_group, {0x1ff});
  EXPECT_TRUE(process_->exiting.load());
  EXPECT_EQ(process_->exit_status.load(), 0xff);
}

TEST_F(ProcessSyscallsTest, ExecveOfAMissingProgramFails) {
  const char path[] = "/nonexistent/program";
  std::memcpy(process_->space().host(scratch_), path, sizeof(path));
  store(scratch_ + 64, 0);  // argv = {NULL}
  EXPECT_EQ(call(nr::execve, {scratch_, scratch_ + 64, scratch_ + 64}), -ENOENT);
}

}  // namespace
}  // namespace polyvm::linux_user
