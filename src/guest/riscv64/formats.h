// Operand formats of the decode table: each assembles a row's registers and scrambled immediate
// (Unpriv 20191213, 2.3 for the base formats, 16.2-16.5 for the compressed ones).
#pragma once

#include "core/types.h"

namespace polyvm::guest::riscv64 {

/// The operands of one decoded instruction. For a compressed row they are those of the 32-bit
/// instruction it expands to, so one handler serves both.
struct Operands {
  u8 rd = 0, rs1 = 0, rs2 = 0, rs3 = 0;
  u8 rm = 0;  ///< rounding mode (F/D), or aq<<1|rl (A)
  /// Immediate, shift amount, CSR number, or fence fm/pred/succ bits; for F/D rows with a
  /// rounding mode rm | rs3 << 8 as well, so an interpreter slot needs no fields for them.
  s32 imm = 0;
};

namespace format {

constexpr u32 bits(u32 raw, int hi, int lo) {
  return (raw >> lo) & ((u32{1} << (hi - lo + 1)) - 1);
}
constexpr u32 bit(u32 raw, int pos, int to) {
  return ((raw >> pos) & 1) << to;
}
constexpr s32 sext(u32 value, int width) {
  return static_cast<s32>(value << (32 - width)) >> (32 - width);
}
constexpr u8 rd(u32 raw) {
  return static_cast<u8>(bits(raw, 11, 7));
}
constexpr u8 rs1(u32 raw) {
  return static_cast<u8>(bits(raw, 19, 15));
}
constexpr u8 rs2(u32 raw) {
  return static_cast<u8>(bits(raw, 24, 20));
}
/// The 3-bit register fields of compressed formats name x8..x15 (16.2).
constexpr u8 creg(u32 raw, int lo) {
  return static_cast<u8>(8 + bits(raw, lo + 2, lo));
}
constexpr u8 crd(u32 raw) {
  return static_cast<u8>(bits(raw, 11, 7));
}
constexpr u8 crs2(u32 raw) {
  return static_cast<u8>(bits(raw, 6, 2));
}
/// The 6-bit signed immediate of CI: imm[5] in bit 12, imm[4:0] in bits 6..2.
constexpr s32 ci_imm(u32 raw) {
  return sext(bit(raw, 12, 5) | bits(raw, 6, 2), 6);
}
constexpr u32 ci_uimm(u32 raw) {
  return bit(raw, 12, 5) | bits(raw, 6, 2);
}
constexpr bool valid_rm(u32 rm) {
  return rm != 5 && rm != 6;
}

}  // namespace format

// Each format: `static constexpr bool decode(u32 raw, Operands& o)`; false marks a reserved
// encoding, which decodes as illegal.

struct FmtNone {
  static constexpr bool decode(u32, Operands&) { return true; }
};
struct FmtR {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::rd(r), o.rs1 = format::rs1(r), o.rs2 = format::rs2(r);
    return true;
  }
};
struct FmtRm {
  static constexpr bool decode(u32 r, Operands& o) {
    FmtR::decode(r, o);
    o.rm = static_cast<u8>(format::bits(r, 14, 12));
    o.imm = o.rm | o.rs3 << 8;
    return format::valid_rm(o.rm);
  }
};
struct FmtR4 {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rs3 = static_cast<u8>(format::bits(r, 31, 27));
    return FmtRm::decode(r, o);
  }
};
struct FmtAmo {
  static constexpr bool decode(u32 r, Operands& o) {
    FmtR::decode(r, o);
    o.rm = static_cast<u8>(format::bits(r, 26, 25));
    return true;
  }
};
struct FmtI {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::rd(r), o.rs1 = format::rs1(r);
    o.imm = format::sext(format::bits(r, 31, 20), 12);
    return true;
  }
};
struct FmtShift {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::rd(r), o.rs1 = format::rs1(r);
    o.imm = static_cast<s32>(format::bits(r, 25, 20));
    return true;
  }
};
struct FmtCsr {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::rd(r), o.rs1 = format::rs1(r);
    o.imm = static_cast<s32>(format::bits(r, 31, 20));
    return true;
  }
};
struct FmtS {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rs1 = format::rs1(r), o.rs2 = format::rs2(r);
    o.imm = format::sext(format::bits(r, 31, 25) << 5 | format::bits(r, 11, 7), 12);
    return true;
  }
};
struct FmtB {
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rs1 = rs1(r), o.rs2 = rs2(r);
    o.imm = sext(bit(r, 31, 12) | bit(r, 7, 11) | bits(r, 30, 25) << 5 | bits(r, 11, 8) << 1, 13);
    return true;
  }
};
struct FmtU {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::rd(r);
    o.imm = static_cast<s32>(r & 0xfffff000u);
    return true;
  }
};
struct FmtJ {
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = rd(r);
    o.imm =
        sext(bit(r, 31, 20) | bits(r, 19, 12) << 12 | bit(r, 20, 11) | bits(r, 30, 21) << 1, 21);
    return true;
  }
};

// Compressed formats (16.3-16.5). Register fields and immediate layouts per row of tables 16.5-7.

struct FmtCiw {  // c.addi4spn: addi rd', sp, nzuimm[9:2]; nzuimm = 0 is reserved
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = creg(r, 2), o.rs1 = 2;
    o.imm =
        static_cast<s32>(bits(r, 12, 11) << 4 | bits(r, 10, 7) << 6 | bit(r, 6, 2) | bit(r, 5, 3));
    return o.imm != 0;
  }
};
struct FmtClW {  // c.lw: uimm[5:3] in 12..10, uimm[2] in 6, uimm[6] in 5
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = creg(r, 2), o.rs1 = creg(r, 7);
    o.imm = static_cast<s32>(bits(r, 12, 10) << 3 | bit(r, 6, 2) | bit(r, 5, 6));
    return true;
  }
};
struct FmtClD {  // c.ld/c.fld: uimm[5:3] in 12..10, uimm[7:6] in 6..5
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = creg(r, 2), o.rs1 = creg(r, 7);
    o.imm = static_cast<s32>(bits(r, 12, 10) << 3 | bits(r, 6, 5) << 6);
    return true;
  }
};
/// A store laid out like the load `Load`, its register field naming the data register rs2.
template <typename Load>
struct StoreLike {
  static constexpr bool decode(u32 r, Operands& o) {
    Load::decode(r, o);
    o.rs2 = o.rd, o.rd = 0;
    return true;
  }
};
/// Format `F` with its rd = 0 encodings reserved.
template <typename F>
struct NonzeroRd {
  static constexpr bool decode(u32 r, Operands& o) { return F::decode(r, o) && o.rd != 0; }
};
using FmtCsW = StoreLike<FmtClW>;
using FmtCsD = StoreLike<FmtClD>;
struct FmtCi {  // c.addi: addi rd, rd, imm
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = o.rs1 = format::crd(r);
    o.imm = format::ci_imm(r);
    return true;
  }
};
using FmtCiW = NonzeroRd<FmtCi>;  // c.addiw: rd = 0 is reserved
struct FmtCli {                   // c.li: addi rd, x0, imm
  static constexpr bool decode(u32 r, Operands& o) {
    FmtCi::decode(r, o);
    o.rs1 = 0;
    return true;
  }
};
struct FmtCi16sp {  // c.addi16sp: nzimm[9] in 12, nzimm[4|6|8:7|5] in 6..2; 0 is reserved
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = o.rs1 = 2;
    o.imm =
        sext(bit(r, 12, 9) | bit(r, 6, 4) | bit(r, 5, 6) | bits(r, 4, 3) << 7 | bit(r, 2, 5), 10);
    return o.imm != 0;
  }
};
struct FmtClui {  // c.lui: nzimm[17:12]; 0 is reserved
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::crd(r);
    o.imm = format::ci_imm(r) * 4096;
    return o.imm != 0;
  }
};
struct FmtCbShift {  // c.srli/c.srai: rd' and shamt[5:0]
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = o.rs1 = format::creg(r, 7);
    o.imm = static_cast<s32>(format::ci_uimm(r));
    return true;
  }
};
struct FmtCbAndi {
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = o.rs1 = format::creg(r, 7);
    o.imm = format::ci_imm(r);
    return true;
  }
};
struct FmtCa {  // rd' = rd' op rs2'
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = o.rs1 = format::creg(r, 7);
    o.rs2 = format::creg(r, 2);
    return true;
  }
};
struct FmtCj {  // c.j: jal x0, offset[11|4|9:8|10|6|7|3:1|5]
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = 0;
    o.imm = sext(bit(r, 12, 11) | bit(r, 11, 4) | bits(r, 10, 9) << 8 | bit(r, 8, 10) |
                     bit(r, 7, 6) | bit(r, 6, 7) | bits(r, 5, 3) << 1 | bit(r, 2, 5),
                 12);
    return true;
  }
};
struct FmtCb {  // c.beqz/c.bnez: offset[8|4:3] in 12..10, offset[7:6|2:1|5] in 6..2
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rs1 = creg(r, 7), o.rs2 = 0;
    o.imm = sext(bit(r, 12, 8) | bits(r, 11, 10) << 3 | bits(r, 6, 5) << 6 | bits(r, 4, 3) << 1 |
                     bit(r, 2, 5),
                 9);
    return true;
  }
};
struct FmtCiShift {  // c.slli: rd, shamt[5:0]
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = o.rs1 = format::crd(r);
    o.imm = static_cast<s32>(format::ci_uimm(r));
    return true;
  }
};
struct FmtClwsp {  // c.lwsp: uimm[5] in 12, uimm[4:2|7:6] in 6..2; rd = 0 is reserved
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = crd(r), o.rs1 = 2;
    o.imm = static_cast<s32>(bit(r, 12, 5) | bits(r, 6, 4) << 2 | bits(r, 3, 2) << 6);
    return o.rd != 0;
  }
};
struct FmtCldsp {  // c.fldsp: uimm[5] in 12, uimm[4:3|8:6] in 6..2
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rd = crd(r), o.rs1 = 2;
    o.imm = static_cast<s32>(bit(r, 12, 5) | bits(r, 6, 5) << 3 | bits(r, 4, 2) << 6);
    return true;
  }
};
using FmtCldspX = NonzeroRd<FmtCldsp>;  // c.ldsp: as c.fldsp, but rd = 0 is reserved
struct FmtCjr {                         // c.jr: jalr x0, 0(rs1); rs1 = 0 is reserved
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = 0, o.rs1 = format::crd(r), o.imm = 0;
    return o.rs1 != 0;
  }
};
struct FmtCjalr {  // c.jalr: jalr ra, 0(rs1)
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = 1, o.rs1 = format::crd(r), o.imm = 0;
    return true;
  }
};
struct FmtCmv {  // c.mv: runs as addi rd, rs2, 0 (same result as add rd, x0, rs2)
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = format::crd(r), o.rs1 = format::crs2(r), o.imm = 0;
    return true;
  }
};
struct FmtCadd {  // c.add: add rd, rd, rs2
  static constexpr bool decode(u32 r, Operands& o) {
    o.rd = o.rs1 = format::crd(r);
    o.rs2 = format::crs2(r);
    return true;
  }
};
struct FmtCswsp {  // c.swsp: uimm[5:2|7:6] in 12..7
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rs1 = 2, o.rs2 = crs2(r);
    o.imm = static_cast<s32>(bits(r, 12, 9) << 2 | bits(r, 8, 7) << 6);
    return true;
  }
};
struct FmtCsdsp {  // c.sdsp/c.fsdsp: uimm[5:3|8:6] in 12..7
  static constexpr bool decode(u32 r, Operands& o) {
    using namespace format;
    o.rs1 = 2, o.rs2 = crs2(r);
    o.imm = static_cast<s32>(bits(r, 12, 10) << 3 | bits(r, 9, 7) << 6);
    return true;
  }
};

}  // namespace polyvm::guest::riscv64
