// The decoder: insts.inc turned into an opcode enum, a row table with mask/match computed at
// compile time, and decode(), which finds the row an instruction word matches.
#pragma once

#include <array>
#include <string_view>

#include "core/types.h"
#include "guest/riscv64/formats.h"
#include "guest/riscv64/isa.h"

namespace polyvm::guest::riscv64 {

/// Which extension a row belongs to; kCD rows need both C and D.
enum class Ext : u8 { kI, kM, kA, kF, kD, kC, kCD, kZicsr, kZifencei, kZba, kZbb, kZbs };

/// One value per table row, plus ILLEGAL for words that match no enabled row.
enum class Op : u16 {
#define INST(handler, mnemonic, pattern, format, ext) handler,
#define CINST(handler, mnemonic, pattern, format, ext, runs_as) handler,
#include "guest/riscv64/insts.inc"
#undef INST
#undef CINST
  ILLEGAL,
};
inline constexpr std::size_t kOpCount = static_cast<std::size_t>(Op::ILLEGAL) + 1;

/// A bit pattern as mask and match, parsed at compile time from the table's pattern string.
struct Pattern {
  u32 mask = 0;
  u32 match = 0;
  u8 length = 0;  ///< 2 or 4 bytes
};

/// "0010 iiii ..." (bit 31 first, spaces ignored) -> mask/match; a wrong width fails to compile.
consteval Pattern parse_pattern(std::string_view text) {
  Pattern p;
  int count = 0;
  for (char ch : text) {
    if (ch == ' ') continue;
    p.mask <<= 1, p.match <<= 1;
    if (ch == '0' || ch == '1') p.mask |= 1, p.match |= static_cast<u32>(ch - '0');
    ++count;
  }
  if (count != 16 && count != 32) throw "a pattern has 16 or 32 bits";
  p.length = static_cast<u8>(count / 8);
  return p;
}

/// One row of the table.
struct InstInfo {
  Op op;
  std::string_view mnemonic;
  Pattern pattern;
  Ext ext;
  Op runs_as;  ///< the 32-bit row whose handler executes it (itself for 32-bit rows)
  bool (*decode_operands)(u32 raw, Operands& out);
};

inline constexpr std::array<InstInfo, kOpCount - 1> kInsts{{
#define INST(handler, mnemonic, pattern, format, ext) \
  {Op::handler, mnemonic, parse_pattern(pattern), Ext::ext, Op::handler, &format::decode},
#define CINST(handler, mnemonic, pattern, format, ext, runs_as) \
  {Op::handler, mnemonic, parse_pattern(pattern), Ext::ext, Op::runs_as, &format::decode},
#include "guest/riscv64/insts.inc"
#undef INST
#undef CINST
}};

inline const InstInfo& info(Op op) {
  return kInsts[static_cast<std::size_t>(op)];
}
std::string_view mnemonic(Op op);

/// A decoded instruction: the row it matched, the handler that runs it, and its operands.
struct Decoded {
  Op op = Op::ILLEGAL;
  Op runs_as = Op::ILLEGAL;
  u8 length = 4;  ///< 2 for compressed; an illegal word counts its encoded length
  Operands ops;
};

/// The length the encoding of `low16` announces: 2 if bits 1..0 != 11, else 4 (Unpriv 1.5).
constexpr u8 instruction_length(u32 low16) {
  return (low16 & 3) == 3 ? 4 : 2;
}

bool extension_enabled(Ext ext, const IsaConfig& isa);

/// Decodes the instruction in `raw` (a 16-bit one in the low half). Disabled extensions and
/// reserved encodings give Op::ILLEGAL.
Decoded decode(u32 raw, const IsaConfig& isa);

}  // namespace polyvm::guest::riscv64
