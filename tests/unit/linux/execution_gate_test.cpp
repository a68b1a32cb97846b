// The execution gate's protocol with host threads standing in for guest threads: a "guest" loop
// runs until its interrupt request is set (as the interpreter returns kInterrupted), threads in
// a "syscall" count as paused and park when it returns, per-thread resume actions, stop reports.
#include "linux/execution_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "linux/thread.h"

namespace polyvm::linux_user {
namespace {

using namespace std::chrono_literals;

class ExecutionGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto space = mem::GuestSpace::reserve(kGuestSpaceSize);
    ASSERT_TRUE(space.has_value());
    process_ = std::make_unique<Process>(RunOptions{}, std::move(*space));
    gate().enable();
  }
  void TearDown() override {
    stop_ = true;
    gate().resume();
    for (auto& worker : workers_) worker.join();
  }

  ExecutionGate& gate() { return process_->gate(); }

  /// A guest thread whose "guest code" counts until interrupted; `in_syscall` makes it sit in
  /// a syscall until `release_syscall`.
  int start_thread(bool in_syscall = false) {
    const int index = static_cast<int>(threads_.size());
    threads_.push_back(std::make_unique<Thread>(*process_, 1000 + index));
    counters_.push_back(std::make_unique<std::atomic<u64>>(0));
    Thread& thread = *threads_.back();
    std::atomic<u64>& counter = *counters_.back();
    thread.cpu.pc = 0x1000 * (index + 1);
    gate().attach(thread);
    workers_.emplace_back([this, &thread, &counter, in_syscall] {
      if (in_syscall) {
        gate().enter_syscall(thread, thread.cpu.pc);
        while (!release_syscall_) std::this_thread::sleep_for(100us);
        thread.cpu.pc += 4;
        gate().leave_syscall(thread);
      }
      while (!stop_) {
        gate().checkpoint(thread);
        while (!stop_ && thread.cpu.interrupt_request.load() == 0) counter.fetch_add(1);
        thread.cpu.interrupt_request.store(0);
      }
    });
    return index;
  }

  /// True when thread `index` makes no progress for a while.
  bool still(int index) {
    const u64 before = counters_[index]->load();
    std::this_thread::sleep_for(20ms);
    return counters_[index]->load() == before;
  }
  bool moving(int index) {
    for (int i = 0; i < 100; ++i) {
      if (!still(index)) return true;
    }
    return false;
  }

  std::unique_ptr<Process> process_;
  std::vector<std::unique_ptr<Thread>> threads_;
  std::vector<std::unique_ptr<std::atomic<u64>>> counters_;
  std::vector<std::thread> workers_;
  std::atomic<bool> stop_ = false;
  std::atomic<bool> release_syscall_ = false;
};

TEST_F(ExecutionGateTest, PauseStopsBusyThreadsAndResumeLetsThemGo) {
  start_thread();
  start_thread();
  ASSERT_TRUE(moving(0) && moving(1));
  for (int round = 0; round < 20; ++round) {
    ASSERT_TRUE(gate().pause(1000ms));
    for (const ThreadView& view : gate().threads()) EXPECT_EQ(view.state, RunState::kParked);
    EXPECT_TRUE(still(0) && still(1));
    gate().resume();
  }
  EXPECT_TRUE(moving(0) && moving(1));
}

TEST_F(ExecutionGateTest, ThreadInASyscallCountsAsPausedAtItsEcallAndParksWhenItReturns) {
  start_thread();
  const int blocked = start_thread(/*in_syscall=*/true);
  for (int i = 0; i < 500 && gate().threads()[1].state != RunState::kSyscall; ++i) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(gate().pause(1000ms));
  EXPECT_EQ(gate().threads()[1].state, RunState::kSyscall);
  EXPECT_EQ(gate().threads()[1].pc, 0x2000u);
  release_syscall_ = true;
  EXPECT_TRUE(still(blocked));  // back from the syscall, but the gate is closed
  EXPECT_EQ(gate().threads()[1].state, RunState::kParked);
  EXPECT_EQ(gate().threads()[1].pc, 0x2000u);  // still reported at its ecall while paused
  gate().resume();
  EXPECT_TRUE(moving(blocked));
}

TEST_F(ExecutionGateTest, AThreadToldToStayStaysWhileOthersRun) {
  start_thread();
  start_thread();
  ASSERT_TRUE(gate().pause(1000ms));
  const u64 generation = gate().generation();
  gate().resume(
      [](int tid) { return tid == 1001 ? ResumeAction::kStay : ResumeAction::kContinue; });
  EXPECT_EQ(gate().generation(), generation + 1);
  EXPECT_TRUE(moving(0));
  EXPECT_TRUE(still(1));
  ASSERT_TRUE(gate().pause(1000ms));
  gate().resume();
  EXPECT_TRUE(moving(1));
}

TEST_F(ExecutionGateTest, AStopReportClosesTheGateForEveryoneAndIsKeptOnce) {
  start_thread();
  std::atomic<int> heard = 0;
  gate().on_stop_report([&] { heard.fetch_add(1); });
  Thread reporter(*process_, 77);
  reporter.cpu.pc = 0x4242;
  gate().attach(reporter);
  std::thread stopper([&] {
    gate().report_stop(reporter, {.kind = StopReport::Kind::kBreakpoint, .tid = 77, .pc = 0x4242});
  });
  for (int i = 0; i < 500 && heard == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(heard, 1);
  ASSERT_TRUE(gate().pause(1000ms));
  EXPECT_TRUE(still(0));
  auto report = gate().take_stop_report();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->tid, 77);
  EXPECT_EQ(report->pc, 0x4242u);
  EXPECT_FALSE(gate().take_stop_report());
  gate().resume();
  stopper.join();
  gate().detach(reporter);
  EXPECT_TRUE(moving(0));
}

TEST(ExecutionGateDisabled, EveryCallIsANoOp) {
  auto space = mem::GuestSpace::reserve(kGuestSpaceSize);
  ASSERT_TRUE(space.has_value());
  Process process(RunOptions{}, std::move(*space));
  Thread thread(process, 5);
  process.gate().attach(thread);
  process.gate().checkpoint(thread);
  process.gate().enter_syscall(thread, 0x10);
  process.gate().leave_syscall(thread);
  EXPECT_TRUE(process.gate().threads().empty());
  EXPECT_TRUE(process.gate().pause(10ms));
}

}  // namespace
}  // namespace polyvm::linux_user
