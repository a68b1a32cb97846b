// A guest process and thread for tests of the Linux layer: a guest space with scratch and stack
// memory mapped, syscalls dispatched by number, and host signal state restored afterwards.
#pragma once

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <memory>

#include "linux/memory_map.h"
#include "linux/signal_state.h"
#include "linux/signals.h"
#include "linux/syscall_support.h"
#include "linux/thread.h"

namespace polyvm::linux_user {

class GuestProcessTest : public ::testing::Test {
 protected:
  static constexpr u64 kMapSize = 16 * kPageSize;

  void SetUp() override {
    auto space = mem::GuestSpace::reserve(kGuestSpaceSize);
    ASSERT_TRUE(space.has_value());
    process_ = std::make_unique<Process>(options_, std::move(*space));
    thread_ = std::make_unique<Thread>(*process_, static_cast<int>(::gettid()));
    s64 area = process_->memory().mmap(0, kMapSize, PROT_READ | PROT_WRITE,
                                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ASSERT_GT(area, 0);
    scratch_ = static_cast<u64>(area);
    stack_top_ = scratch_ + kMapSize;
  }

  void TearDown() override {
    for (int signal = 1; signal <= kMaxSignal; ++signal) mirror_sigaction(signal, {});
    mirror_mask(0);
    current_thread() = nullptr;
  }

  u64 load(u64 addr) const {
    u64 value;
    std::memcpy(&value, process_->space().host(addr), sizeof(value));
    return value;
  }
  u32 load32(u64 addr) const {
    u32 value;
    std::memcpy(&value, process_->space().host(addr), sizeof(value));
    return value;
  }
  void store(u64 addr, u64 value) { std::memcpy(process_->space().host(addr), &value, 8); }
  void store32(u64 addr, u32 value) { std::memcpy(process_->space().host(addr), &value, 4); }

  /// Runs syscall `number` on the test thread as an ecall would; returns a0.
  s64 call(int number, SyscallArgs args = {}) {
    auto& x = thread_->cpu.x;
    x[17] = static_cast<u64>(number);
    for (int i = 0; i < 6; ++i) x[10 + i] = args[static_cast<size_t>(i)];
    dispatch_syscall(*thread_);
    return static_cast<s64>(x[10]);
  }

  RunOptions options_;  ///< what the process is created with; set before SetUp
  std::unique_ptr<Process> process_;
  std::unique_ptr<Thread> thread_;
  u64 scratch_ = 0;    ///< kMapSize bytes of guest read-write memory
  u64 stack_top_ = 0;  ///< the end of that memory, usable as a stack
};

}  // namespace polyvm::linux_user
