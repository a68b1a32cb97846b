// Spike's Host-Target Interface (HTIF): the tohost/fromhost words through which bare-metal test
// programs print characters and report their exit code, as QEMU's -M spike provides them.
#pragma once

#include <functional>
#include <mutex>
#include <vector>

#include "mem/physical_memory.h"

namespace polyvm::device {

/// The page holding tohost and fromhost, as an MMIO device. Its other bytes are plain memory, so
/// data the linker placed beside the two words still works. Commands (riscv-isa-sim
/// fesvr/htif.cc; QEMU hw/char/riscv_htif.c): device 0, command 0 with bit 0 set is exit with
/// code = payload >> 1; device 1, command 1 writes the payload's low byte to the console; each
/// answered command clears tohost and writes its response to fromhost.
///
///   Htif htif{tohost_offset, fromhost_offset, [](u8 c) { putchar(c); }, [](int code) { ... }};
///   memory.add_device(PAddr{tohost_page}, Htif::kSize, htif);
class Htif : public mem::MmioDevice {
 public:
  static constexpr u64 kSize = 0x1000;
  using Output = std::function<void(u8)>;
  using Exit = std::function<void(int code)>;

  Htif(u64 tohost_offset, u64 fromhost_offset, Output output, Exit exit);

  std::optional<u64> read(u64 offset, unsigned size) override;
  bool write(u64 offset, unsigned size, u64 value) override;

 private:
  void command(u64 tohost);
  std::optional<u64> read_word(u64 offset, unsigned size) const;

  std::mutex mutex_;
  u64 tohost_offset_;
  u64 fromhost_offset_;
  Output output_;
  Exit exit_;
  std::vector<u8> page_;  ///< the page's bytes, tohost and fromhost included
};

}  // namespace polyvm::device
