// Runs small riscv64 code sequences on the interpreter in a real GuestSpace, with the host
// SIGSEGV handler the Linux layer would install, for the interpreter tests.
#pragma once

#include <signal.h>
#include <sys/mman.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>

#include "guest/riscv64/interpreter.h"
#include "mem/guest_space.h"

namespace polyvm::guest::riscv64::testing {

class InterpTest : public ::testing::Test {
 protected:
  static constexpr u64 kCode = 0x10000;  ///< code goes here, 64 KiB read-write
  static constexpr u64 kData = 0x20000;  ///< 64 KiB read-write for loads and stores
  static constexpr u64 kUnmapped = 0x40000;
  static constexpr u64 kSpaceSize = u64{1} << 30;

  void SetUp() override {
    space_ = std::make_unique<mem::GuestSpace>(mem::GuestSpace::reserve(kSpaceSize).value());
    // SAFETY: commits pages inside our own reservation.
    ASSERT_EQ(::mprotect(space_->host(kCode), 0x20000, PROT_READ | PROT_WRITE), 0);
    struct sigaction action {};
    action.sa_sigaction = &on_fault;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &action, &old_segv_);
  }
  void TearDown() override { sigaction(SIGSEGV, &old_segv_, nullptr); }

  /// Places code at `at`: 32-bit words, and 16-bit parcels for values whose low bits are not 11.
  void code(std::initializer_list<u32> words, u64 at = kCode) {
    for (u32 w : words) {
      const std::size_t n = (w & 3) == 3 ? 4 : 2;
      std::memcpy(space_->host(at), &w, n);
      at += n;
    }
  }

  /// Runs from `pc` with a fresh interpreter until the first guest event.
  Exit run(u64 pc = kCode, IsaConfig isa = IsaConfig::defaults()) {
    Interpreter interp(isa, space_->base(), space_->size());
    cpu.pc = pc;
    return interp.run(cpu);
  }

  template <typename T>
  T read(u64 addr) const {
    T v;
    std::memcpy(&v, space_->host(addr), sizeof v);
    return v;
  }
  template <typename T>
  void write(u64 addr, T v) {
    std::memcpy(space_->host(addr), &v, sizeof v);
  }

  CpuState cpu;
  std::unique_ptr<mem::GuestSpace> space_;

 private:
  // SAFETY: a SIGSEGV handler; recover_from_host_fault() unwinds into run() or returns false.
  static void on_fault(int, siginfo_t* info, void*) {
    if (!Interpreter::recover_from_host_fault(info->si_addr)) std::abort();
  }
  struct sigaction old_segv_ {};
};

}  // namespace polyvm::guest::riscv64::testing
