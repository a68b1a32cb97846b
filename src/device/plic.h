// The SiFive PLIC of QEMU's virt board: routes the level-triggered interrupt sources of the
// UART and the virtio slots to the harts' M- and S-mode external interrupt inputs.
#pragma once

#include <memory>
#include <mutex>
#include <span>
#include <vector>

#include "core/error.h"

#include "device/irq_line.h"
#include "mem/physical_memory.h"

namespace polyvm::device {

/// SiFive PLIC (riscv-plic-1.0.0; FU540-C000 manual, chapter 10) at 0x0c00_0000, 0x600000 bytes.
/// Sources 1..ndev (source 0 does not exist); contexts 2*hart (M) and 2*hart + 1 (S).
///
///   Plic plic{96, 2 * harts};
///   plic.connect_context(0, &hart0_meip);
///   uart.set_irq(plic.source(10));
class Plic : public mem::MmioDevice {
 public:
  static constexpr u64 kSize = 0x600000;
  static constexpr u64 kPriorityBase = 0x0;
  static constexpr u64 kPendingBase = 0x1000;
  static constexpr u64 kEnableBase = 0x2000;
  static constexpr u64 kEnableStride = 0x80;
  static constexpr u64 kContextBase = 0x200000;
  static constexpr u64 kContextStride = 0x1000;
  static constexpr u32 kPriorityMask = 7;  ///< QEMU virt: 7 priority levels, WARL

  Plic(unsigned ndev, unsigned contexts);

  /// The input wire of source `id` (1..ndev), for a device's set_irq.
  IrqLine& source(unsigned id);
  /// Wires context `ctx`'s output (MEIP or SEIP of a hart).
  void connect_context(unsigned ctx, IrqLine* line);

  std::optional<u64> read(u64 offset, unsigned size) override;
  bool write(u64 offset, unsigned size, u64 value) override;

  // Snapshots (plic_state.cpp): save() writes, parse() checks without changing anything,
  // restore() applies.

  /// Every register and gateway bit; the context outputs follow from them.
  struct State {
    std::vector<u32> priority, pending, claimed, level;
    std::vector<std::vector<u32>> enable;  ///< by context
    std::vector<u32> threshold;            ///< by context
  };
  std::vector<u8> save();
  /// A state save() wrote for a PLIC with as many sources and contexts, or an error.
  Result<State> parse(std::span<const u8> section) const;
  /// Applies `state` and drives every context's line anew.
  void restore(const State& state);

 private:
  class Source : public IrqLine {
   public:
    Source(Plic& plic, unsigned id) : plic_(plic), id_(id) {}
    void set(bool level) override { plic_.set_level(id_, level); }

   private:
    Plic& plic_;
    unsigned id_;
  };
  struct Context {
    std::vector<u32> enable;  ///< one bit per source
    u32 threshold = 0;
    IrqLine* line = nullptr;
    bool level = false;
  };
  static bool bit(const std::vector<u32>& words, unsigned id) {
    return words[id / 32] >> (id % 32) & 1;
  }
  static void set_bit(std::vector<u32>& words, unsigned id, bool on);

  void set_level(unsigned id, bool level);
  unsigned best_source(const Context& ctx) const;  ///< 0 if none beats the threshold
  u32 claim(Context& ctx);
  void complete(unsigned id);
  void update();
  std::optional<u64> read_context(u64 offset);
  void write_context(u64 offset, u32 value);

  std::mutex mutex_;
  unsigned ndev_;
  std::vector<u32> priority_;
  std::vector<u32> pending_;
  std::vector<u32> claimed_;  ///< claimed but not completed: the gateway holds the source off
  std::vector<u32> level_;    ///< the wires' current levels
  std::vector<Context> contexts_;
  std::vector<std::unique_ptr<Source>> sources_;
};

}  // namespace polyvm::device
