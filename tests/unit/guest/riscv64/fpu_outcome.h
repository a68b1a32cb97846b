// What the F/D unit tests compare: a result's bits with the fflags it raised, printed in hex.
#pragma once

#include <ostream>

#include "core/types.h"

namespace polyvm::guest::riscv64::fpu_testing {

/// A NaN-boxed single: the f-register image of binary32 bits.
constexpr u64 S(u32 bits) {
  return 0xffff'ffff'0000'0000 | bits;
}

struct Outcome {
  u64 value;
  u32 flags;
  bool operator==(const Outcome&) const = default;
};

inline void PrintTo(const Outcome& o, std::ostream* os) {
  *os << std::hex << "{0x" << o.value << ", flags 0x" << o.flags << "}";
}

/// Calls fn(flags) with no flag accrued and returns its result with the flags it raised.
template <typename Fn>
Outcome run(Fn fn) {
  u32 flags = 0;
  const u64 value = fn(flags);
  return {value, flags};
}

}  // namespace polyvm::guest::riscv64::fpu_testing
