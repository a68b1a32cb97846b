// The decode table against outside oracles: GNU objdump's disassembly of words GNU as assembled
// (objdump_cases.inc), the manual's reserved encodings, and the ISA string's extensions.
#include "guest/riscv64/decoder.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "guest/riscv64/disasm.h"

namespace polyvm::guest::riscv64 {
namespace {

struct ObjdumpCase {
  u64 pc;
  u32 raw;
  const char* text;
};

constexpr ObjdumpCase kObjdumpCases[] = {
#include "objdump_cases.inc"
};

/// Single spaces, and undoing binutils 2.40's habit of printing addi/slli/... under the
/// register-form name when an immediate follows ("add a0,a1,7"): we print the manual's mnemonic.
std::string normalize(const std::string& text) {
  std::istringstream in(text);
  std::string mnemonic, operands;
  in >> mnemonic >> operands;
  static const std::map<std::string, std::string> kImmediateForms = {
      {"add", "addi"},   {"and", "andi"},     {"or", "ori"},       {"xor", "xori"},
      {"sll", "slli"},   {"srl", "srli"},     {"sra", "srai"},     {"addw", "addiw"},
      {"sllw", "slliw"}, {"srlw", "srliw"},   {"sraw", "sraiw"},   {"ror", "rori"},
      {"rorw", "roriw"}, {"bclr", "bclri"},   {"bext", "bexti"},   {"binv", "binvi"},
      {"bset", "bseti"}, {"csrrw", "csrrwi"}, {"csrrs", "csrrsi"}, {"csrrc", "csrrci"}};
  const std::string last = operands.substr(operands.rfind(',') + 1);
  const bool immediate =
      !last.empty() && (std::isdigit(static_cast<unsigned char>(last[0])) || last[0] == '-');
  if (auto it = kImmediateForms.find(mnemonic); it != kImmediateForms.end() && immediate) {
    mnemonic = it->second;
  }
  return operands.empty() ? mnemonic : mnemonic + " " + operands;
}

TEST(Riscv64Decoder, DisassemblyAgreesWithGnuObjdump) {
  for (const auto& c : kObjdumpCases) {
    EXPECT_EQ(disassemble(c.raw, c.pc, IsaConfig::defaults()), normalize(c.text))
        << fmt::format("word {:08x} at {:x}", c.raw, c.pc);
  }
}

TEST(Riscv64Decoder, ObjdumpCasesCoverEveryRow) {
  std::set<Op> seen;
  for (const auto& c : kObjdumpCases) seen.insert(decode(c.raw, IsaConfig::defaults()).op);
  for (const auto& row : kInsts) EXPECT_TRUE(seen.contains(row.op)) << row.mnemonic;
}

// Rows that overlap on purpose: the first is a special case of the second (Unpriv 16.5-16.7).
bool overlap_intended(Op first, Op second) {
  const std::pair<Op, Op> kIntended[] = {{Op::C_ADDI16SP, Op::C_LUI},
                                         {Op::C_JR, Op::C_MV},
                                         {Op::C_EBREAK, Op::C_JALR},
                                         {Op::C_EBREAK, Op::C_ADD},
                                         {Op::C_JALR, Op::C_ADD}};
  for (const auto& [a, b] : kIntended) {
    if (a == first && b == second) return true;
  }
  return false;
}

TEST(Riscv64Decoder, NoTwoRowsOverlapUnlessListed) {
  for (std::size_t i = 0; i < kInsts.size(); ++i) {
    for (std::size_t j = i + 1; j < kInsts.size(); ++j) {
      const Pattern& a = kInsts[i].pattern;
      const Pattern& b = kInsts[j].pattern;
      if (a.length != b.length || ((a.match ^ b.match) & a.mask & b.mask) != 0) continue;
      EXPECT_TRUE(overlap_intended(kInsts[i].op, kInsts[j].op))
          << kInsts[i].mnemonic << " overlaps " << kInsts[j].mnemonic;
    }
  }
}

// The reference decoder: the first row of the whole table that matches, in table order.
Op linear_scan(u32 raw, const IsaConfig& isa) {
  const u8 length = instruction_length(raw);
  const u32 bits = length == 2 ? raw & 0xffff : raw;
  for (const InstInfo& row : kInsts) {
    if (row.pattern.length != length || (bits & row.pattern.mask) != row.pattern.match) continue;
    Operands ops;
    return extension_enabled(row.ext, isa) && row.decode_operands(bits, ops) ? row.op : Op::ILLEGAL;
  }
  return Op::ILLEGAL;
}

TEST(Riscv64Decoder, BucketedDecodeAgreesWithALinearScanOfTheTable) {
  std::mt19937 rng(7);
  const IsaConfig configs[] = {IsaConfig::defaults(), IsaConfig::parse("rv64imac").value()};
  for (const IsaConfig& isa : configs) {
    for (u32 parcel = 0; parcel < 0x10000; ++parcel) {
      if ((parcel & 3) == 3) continue;
      ASSERT_EQ(decode(parcel, isa).op, linear_scan(parcel, isa)) << parcel;
    }
    for (int i = 0; i < 200000; ++i) {
      const u32 raw = static_cast<u32>(rng()) | 3;
      ASSERT_EQ(decode(raw, isa).op, linear_scan(raw, isa)) << fmt::format("{:08x}", raw);
    }
  }
}

TEST(Riscv64Decoder, ReservedEncodingsAreIllegal) {
  const u32 kReserved[] = {
      0x0000,      // all-zero parcel: c.addi4spn with nzuimm = 0
      0x6501,      // c.lui a0, 0
      0x6101,      // c.addi16sp sp, 0
      0x4002,      // c.lwsp x0
      0x6002,      // c.ldsp x0
      0x8002,      // c.jr x0
      0x2001,      // c.addiw x0, 0
      0x9c41,      // 100 1 11 ... 10: reserved in RV64C table 16.6
      0x02c5d553,  // fadd.d with rm = 5
      0x02c5e553,  // fadd.d with rm = 6
      0xffffffff,
  };
  for (u32 raw : kReserved) {
    EXPECT_EQ(decode(raw, IsaConfig::defaults()).op, Op::ILLEGAL) << fmt::format("{:08x}", raw);
  }
}

TEST(Riscv64Decoder, DisabledExtensionsDecodeAsIllegal) {
  const auto rv64i = IsaConfig::parse("rv64i").value();
  EXPECT_EQ(decode(0x02c58533, rv64i).op, Op::ILLEGAL);  // mul a0,a1,a2
  EXPECT_EQ(decode(0x050d, rv64i).op, Op::ILLEGAL);      // c.addi a0,3
  EXPECT_EQ(decode(0x00102573, rv64i).op, Op::ILLEGAL);  // frflags a0 (Zicsr off)
  const auto gc = IsaConfig::parse("rv64gc").value();
  EXPECT_EQ(decode(0x60059513, gc).op, Op::ILLEGAL);  // clz a0,a1 (Zbb off)
  EXPECT_EQ(decode(0x20c5a533, gc).op, Op::ILLEGAL);  // sh1add a0,a1,a2 (Zba off)
  EXPECT_EQ(decode(0x48c59533, gc).op, Op::ILLEGAL);  // bclr a0,a1,a2 (Zbs off)
  EXPECT_EQ(decode(0x02c58533, gc).op, Op::MUL);
  const auto no_d = IsaConfig::parse("rv64imafc").value();
  EXPECT_EQ(decode(0x2588, no_d).op, Op::ILLEGAL);  // c.fld fa0,8(a1)
  EXPECT_EQ(decode(0x41c8, no_d).op, Op::C_LW);
}

TEST(Riscv64Decoder, CompressedRowsRunAsTheirExpansion) {
  // c.addi16sp sp,-64 is addi sp,sp,-64 (Unpriv 16.5)
  const Decoded d = decode(0x7139, IsaConfig::defaults());
  EXPECT_EQ(d.op, Op::C_ADDI16SP);
  EXPECT_EQ(d.runs_as, Op::ADDI);
  EXPECT_EQ(d.length, 2);
  EXPECT_EQ(d.ops.rd, 2);
  EXPECT_EQ(d.ops.rs1, 2);
  EXPECT_EQ(d.ops.imm, -64);
}

TEST(Riscv64Isa, ParsesAndPrintsTheIsaString) {
  EXPECT_EQ(IsaConfig::parse("rv64gc").value().to_string(), "rv64imafdc_zicsr_zifencei");
  EXPECT_EQ(IsaConfig::parse("RV64IMAC_Zicsr").value().to_string(), "rv64imac_zicsr");
  EXPECT_EQ(IsaConfig::defaults().to_string(), "rv64imafdc_zicsr_zifencei_zba_zbb_zbs");
  EXPECT_FALSE(IsaConfig::parse("rv32gc").has_value());
  EXPECT_FALSE(IsaConfig::parse("rv64gcv").has_value());
  EXPECT_FALSE(IsaConfig::parse("rv64gc_zfoo").has_value());
  // AT_HWCAP as Linux reports it for rv64imafdc: one bit per letter, 'a' = bit 0
  EXPECT_EQ(IsaConfig::parse("rv64gc").value().hwcap(), 0x112d);
}

}  // namespace
}  // namespace polyvm::guest::riscv64
