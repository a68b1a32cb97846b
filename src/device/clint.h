// The SiFive CLINT of QEMU's virt board: per-hart software interrupt (msip) and timer compare
// (mtimecmp) registers and the shared 10 MHz mtime, which raise MSIP/MTIP on the harts.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "core/error.h"

#include "device/irq_line.h"
#include "mem/physical_memory.h"

namespace polyvm::device {

/// SiFive CLINT (FU540-C000 manual, chapter 9) at 0x0200_0000 with 0x10000 bytes.
///
///   Clint clint{1};
///   clint.connect(0, &hart0_msip, &hart0_mtip);
///   memory.add_device(PAddr{0x0200'0000}, Clint::kSize, clint);
///   // run loop: clint.update(); sleep at most clint.time_to_next_timer()
class Clint : public mem::MmioDevice {
 public:
  static constexpr u64 kSize = 0x10000;
  static constexpr u64 kTimebaseHz = 10'000'000;  ///< timebase-frequency in QEMU's device tree
  static constexpr u64 kMsipBase = 0x0;
  static constexpr u64 kMtimecmpBase = 0x4000;
  static constexpr u64 kMtime = 0xbff8;

  /// Ticks of the free-running counter; by default the host's steady clock at kTimebaseHz.
  using Clock = std::function<u64()>;
  static Clock host_clock();

  explicit Clint(unsigned harts, Clock clock = host_clock());

  /// Wires hart `hart`'s machine software and timer interrupt inputs (either may be null).
  void connect(unsigned hart, IrqLine* msip, IrqLine* mtip);

  std::optional<u64> read(u64 offset, unsigned size) override;
  bool write(u64 offset, unsigned size, u64 value) override;

  /// The current mtime, also the value of the harts' `time` CSR.
  u64 mtime() const;
  /// Re-evaluates every hart's MTIP against the advancing mtime; the run loop calls it.
  void update();
  /// Host time until the earliest mtimecmp whose MTIP is not raised yet is reached (zero if it
  /// already is: update() raises it; nullopt if no such timer is armed), so a timer thread can
  /// sleep that long.
  std::optional<std::chrono::nanoseconds> time_to_next_timer() const;
  /// Called after each write to mtimecmp or mtime (with the CLINT's lock held: the listener must
  /// not call back into it), so a timer thread can recompute its deadline.
  void set_timer_listener(std::function<void()> listener) {
    on_timer_change_ = std::move(listener);
  }

  // Snapshots (clint_state.cpp): save() writes, parse() checks without changing anything,
  // restore() applies.

  /// What a snapshot keeps: each hart's msip and mtimecmp, and mtime when it was taken.
  struct State {
    std::vector<u8> msip;
    std::vector<u64> mtimecmp;
    u64 mtime = 0;
  };
  std::vector<u8> save() const;
  /// A state save() wrote for a CLINT with as many harts, or an error.
  Result<State> parse(std::span<const u8> section) const;
  /// mtime continues from the saved value; every hart's MSIP and MTIP lines are driven anew.
  void restore(const State& state);

 private:
  struct Hart {
    bool msip = false;
    u64 mtimecmp = ~u64{0};
    bool mtip = false;
    IrqLine* msip_line = nullptr;
    IrqLine* mtip_line = nullptr;
  };
  u64 mtime_locked() const { return clock_() + mtime_offset_; }
  void update_hart(Hart& hart, u64 now);

  mutable std::mutex mutex_;
  Clock clock_;
  std::function<void()> on_timer_change_;
  u64 mtime_offset_ = 0;  ///< guest writes to mtime move it relative to the clock
  std::vector<Hart> harts_;
};

}  // namespace polyvm::device
