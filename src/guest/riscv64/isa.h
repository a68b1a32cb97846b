// The runtime ISA string (--isa): which riscv64 extensions decode; the rest are illegal.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/types.h"

namespace polyvm::guest::riscv64 {

/// Enabled extensions. I is always on (RV64I is the base).
struct IsaConfig {
  bool m = true, a = true, f = true, d = true, c = true;
  bool zicsr = true, zifencei = true;
  bool zba = true, zbb = true, zbs = true;

  /// The default: rv64gc plus Zba/Zbb/Zbs.
  static IsaConfig defaults() { return {}; }
  /// Parses "rv64gc", "rv64imafdc_zicsr_zifencei_zba_zbb_zbs", "rv64i" ...; "g" means
  /// imafd_zicsr_zifencei. Unknown or unsupported extensions are an error naming them.
  static Result<IsaConfig> parse(std::string_view text);
  /// The canonical string, e.g. "rv64imafdc_zicsr_zifencei_zba_zbb_zbs".
  std::string to_string() const;
  /// AT_HWCAP bits as Linux reports them: one bit per single-letter extension ('a' = bit 0).
  u64 hwcap() const;
};

}  // namespace polyvm::guest::riscv64
