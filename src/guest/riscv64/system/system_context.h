// What the interpreter reaches in system mode: the hart's privileged state, its MMU in front of
// guest physical memory, the time source, and the scratch space of MMIO and page-crossing
// accesses.
#pragma once

#include <functional>

#include "guest/riscv64/mmu/mmu.h"
#include "guest/riscv64/system/priv_state.h"
#include "mem/physical_memory.h"

namespace polyvm::guest::riscv64::system {

/// Where the bytes of a store that went to `scratch` belong (memory_access.h).
struct PendingStore {
  enum class Kind : u8 { kNone, kMmio, kSplit } kind = Kind::kNone;
  unsigned size = 0;
  u64 vaddr = 0;             ///< for the access fault a refused MMIO write raises
  u64 paddr = 0;             ///< kMmio
  u8* first = nullptr;       ///< kSplit: host address of the part in the first page
  u8* second = nullptr;      ///< kSplit: host address of the part in the next page
  unsigned first_bytes = 0;  ///< kSplit
};

/// One hart's system-mode state as the run loop sees it.
struct SystemContext {
  SystemContext(const mem::PhysicalMemory& physical, std::function<u64()> time_source)
      : memory(physical), mmu(physical), time(std::move(time_source)) {}

  const mem::PhysicalMemory& memory;
  mmu::Mmu mmu;
  PrivState priv;
  std::function<u64()> time;  ///< the `time` CSR: the platform's mtime; empty: illegal

  /// Loads that did not go straight to RAM read here; stores write here and are then
  /// scattered by finish_store().
  alignas(8) u8 scratch[8] = {};
  PendingStore pending;
  Trap trap;  ///< the trap a failed slow path asks the run loop to take
};

}  // namespace polyvm::guest::riscv64::system
