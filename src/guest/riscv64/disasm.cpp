// Disassembly: each row's operand layout, then objdump's aliases (binutils riscv-opc.c marks
// them INSN_ALIAS and prints them by default) for the common special cases.
#include "guest/riscv64/disasm.h"

#include <optional>

#include <fmt/format.h>

#include "guest/riscv64/decoder.h"

namespace polyvm::guest::riscv64 {

namespace {

constexpr std::string_view kXNames[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                          "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                          "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                          "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
constexpr std::string_view kFNames[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7", "fs0",  "fs1", "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5",  "fa6",  "fa7", "fs2", "fs3",  "fs4", "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
constexpr std::string_view kRoundingNames[8] = {"rne", "rtz", "rdn", "rup", "rmm", "", "", "dyn"};

struct CsrName {
  u32 number;
  std::string_view name;
};
constexpr CsrName kCsrNames[] = {
    {0x001, "fflags"},  {0x002, "frm"},     {0x003, "fcsr"},  {0xc00, "cycle"}, {0xc01, "time"},
    {0xc02, "instret"}, {0x100, "sstatus"}, {0x104, "sie"},   {0x105, "stvec"}, {0x140, "sscratch"},
    {0x141, "sepc"},    {0x142, "scause"},  {0x143, "stval"}, {0x144, "sip"},   {0x180, "satp"},
    {0x300, "mstatus"}, {0x301, "misa"},    {0x304, "mie"},   {0x305, "mtvec"}, {0x340, "mscratch"},
    {0x341, "mepc"},    {0x342, "mcause"},  {0x343, "mtval"}, {0x344, "mip"},   {0xf14, "mhartid"}};

std::string csr_name(u32 csr) {
  for (const auto& c : kCsrNames) {
    if (c.number == csr) return std::string(c.name);
  }
  if (csr >= 0xc03 && csr <= 0xc1f) return fmt::format("hpmcounter{}", csr - 0xc00);
  return fmt::format("0x{:x}", csr);
}

/// Operand layout per handler: d/D rd (x/f), s/S rs1, t/T rs2, U rs3 (f), i decimal imm, h hex
/// shift amount, u upper immediate, o imm(rs1), a (rs1), b pc-relative target, c CSR,
/// z CSR immediate, r rounding mode (when not dyn).
std::string_view layout(Op op) {
  // One line per group of rows, like the manual's tables.
  // clang-format off
  switch (op) {
    case Op::LUI: case Op::AUIPC: return "d,u";
    case Op::JAL: return "d,b";
    case Op::JALR: return "d,o";
    case Op::BEQ: case Op::BNE: case Op::BLT: case Op::BGE: case Op::BLTU: case Op::BGEU:
      return "s,t,b";
    case Op::LB: case Op::LH: case Op::LW: case Op::LBU: case Op::LHU: case Op::LWU: case Op::LD:
      return "d,o";
    case Op::FLW: case Op::FLD: return "D,o";
    case Op::SB: case Op::SH: case Op::SW: case Op::SD: return "t,o";
    case Op::FSW: case Op::FSD: return "T,o";
    case Op::ADDI: case Op::SLTI: case Op::SLTIU: case Op::XORI: case Op::ORI: case Op::ANDI:
    case Op::ADDIW:
      return "d,s,i";
    case Op::SLLI: case Op::SRLI: case Op::SRAI: case Op::SLLIW: case Op::SRLIW: case Op::SRAIW:
    case Op::SLLI_UW: case Op::RORI: case Op::RORIW: case Op::BCLRI: case Op::BEXTI:
    case Op::BINVI: case Op::BSETI:
      return "d,s,h";
    case Op::ECALL: case Op::EBREAK: case Op::FENCE_I: return "";
    case Op::SRET: case Op::MRET: case Op::WFI: return "";
    case Op::SFENCE_VMA: return "s,t";
    case Op::CSRRW: case Op::CSRRS: case Op::CSRRC: return "d,c,s";
    case Op::CSRRWI: case Op::CSRRSI: case Op::CSRRCI: return "d,c,z";
    case Op::LR_W: case Op::LR_D: return "d,a";
    case Op::CLZ: case Op::CLZW: case Op::CTZ: case Op::CTZW: case Op::CPOP: case Op::CPOPW:
    case Op::SEXT_B: case Op::SEXT_H: case Op::ZEXT_H: case Op::ORC_B: case Op::REV8:
      return "d,s";
    case Op::FMADD_S: case Op::FMSUB_S: case Op::FNMSUB_S: case Op::FNMADD_S:
    case Op::FMADD_D: case Op::FMSUB_D: case Op::FNMSUB_D: case Op::FNMADD_D:
      return "D,S,T,U,r";
    case Op::FADD_S: case Op::FSUB_S: case Op::FMUL_S: case Op::FDIV_S:
    case Op::FADD_D: case Op::FSUB_D: case Op::FMUL_D: case Op::FDIV_D:
      return "D,S,T,r";
    case Op::FSQRT_S: case Op::FSQRT_D: case Op::FCVT_S_D: return "D,S,r";
    case Op::FCVT_D_S: return "D,S";
    case Op::FSGNJ_S: case Op::FSGNJN_S: case Op::FSGNJX_S: case Op::FMIN_S: case Op::FMAX_S:
    case Op::FSGNJ_D: case Op::FSGNJN_D: case Op::FSGNJX_D: case Op::FMIN_D: case Op::FMAX_D:
      return "D,S,T";
    case Op::FCVT_W_S: case Op::FCVT_WU_S: case Op::FCVT_L_S: case Op::FCVT_LU_S:
    case Op::FCVT_W_D: case Op::FCVT_WU_D: case Op::FCVT_L_D: case Op::FCVT_LU_D:
      return "d,S,r";
    case Op::FMV_X_W: case Op::FCLASS_S: case Op::FMV_X_D: case Op::FCLASS_D: return "d,S";
    case Op::FEQ_S: case Op::FLT_S: case Op::FLE_S: case Op::FEQ_D: case Op::FLT_D: case Op::FLE_D:
      return "d,S,T";
    case Op::FCVT_S_W: case Op::FCVT_S_WU: case Op::FCVT_S_L: case Op::FCVT_S_LU:
    case Op::FCVT_D_L: case Op::FCVT_D_LU:
      return "D,s,r";
    case Op::FCVT_D_W: case Op::FCVT_D_WU: case Op::FMV_W_X: case Op::FMV_D_X: return "D,s";
    default: break;
  }
  // clang-format on
  const u32 opcode = info(op).pattern.match & 0x7f;
  return opcode == 0b0101111 ? "d,t,a" : "d,s,t";  // AMOs and SC; the rest are R-type
}

struct Printer {
  const Decoded& d;
  u64 pc;

  std::string operand(char kind) const {
    const Operands& o = d.ops;
    switch (kind) {
      case 'd':
        return std::string(x_name(o.rd));
      case 'D':
        return std::string(f_name(o.rd));
      case 's':
        return std::string(x_name(o.rs1));
      case 'S':
        return std::string(f_name(o.rs1));
      case 't':
        return std::string(x_name(o.rs2));
      case 'T':
        return std::string(f_name(o.rs2));
      case 'U':
        return std::string(f_name(o.rs3));
      case 'i':
        return fmt::format("{}", o.imm);
      case 'h':
        return fmt::format("0x{:x}", o.imm);
      case 'u':
        return fmt::format("0x{:x}", (static_cast<u32>(o.imm) >> 12) & 0xfffff);
      case 'o':
        return fmt::format("{}({})", o.imm, x_name(o.rs1));
      case 'a':
        return fmt::format("({})", x_name(o.rs1));
      case 'b':
        return fmt::format("{:x}", pc + static_cast<u64>(static_cast<s64>(o.imm)));
      case 'c':
        return csr_name(static_cast<u32>(o.imm));
      case 'z':
        return fmt::format("{}", o.rs1);
      default:
        return {};
    }
  }

  /// Joins the operands named by `kinds` ("d,s,i"); 'r' adds ",rtz" etc. only when not dyn.
  std::string operands(std::string_view kinds) const {
    std::string out;
    for (char kind : kinds) {
      if (kind == ',') continue;
      if (kind == 'r' && d.ops.rm == 7) continue;
      if (!out.empty()) out += ',';
      out += kind == 'r' ? std::string(kRoundingNames[d.ops.rm]) : operand(kind);
    }
    return out;
  }

  std::string with(std::string_view mnemonic, std::string_view kinds) const {
    const std::string ops = operands(kinds);
    return ops.empty() ? std::string(mnemonic) : fmt::format("{} {}", mnemonic, ops);
  }
};

std::optional<std::string> fence_alias(const Printer& p) {
  const u32 bits = static_cast<u32>(p.d.ops.imm) & 0xfff;
  const u32 fm = static_cast<u32>(p.d.ops.imm) >> 8 & 0xf;
  if (fm == 8 && bits == 0x833) return "fence.tso";
  if (bits == 0x0ff) return "fence";
  if (bits == 0x010) return "pause";
  auto set = [](u32 v) {
    std::string s;
    for (int i = 3; i >= 0; --i) {
      if (v >> i & 1) s += "iorw"[3 - i];
    }
    return s.empty() ? std::string("0") : s;
  };
  return fmt::format("fence {},{}", set(bits >> 4 & 0xf), set(bits & 0xf));
}

std::optional<std::string> csr_alias(const Printer& p, Op op) {
  const Operands& o = p.d.ops;
  const u32 csr = static_cast<u32>(o.imm);
  const bool fp = csr >= 1 && csr <= 3;
  constexpr std::string_view kRead[] = {"", "frflags", "frrm", "frcsr"};
  constexpr std::string_view kSwap[] = {"", "fsflags", "fsrm", "fscsr"};
  constexpr std::string_view kSwapI[] = {"", "fsflagsi", "fsrmi", ""};
  if (op == Op::CSRRS && o.rs1 == 0) {
    if (fp) return p.with(kRead[csr], "d");
    if (csr >= 0xc00 && csr <= 0xc02) return p.with(fmt::format("rd{}", csr_name(csr)), "d");
    return p.with("csrr", "d,c");
  }
  if (op == Op::CSRRW && fp) return p.with(kSwap[csr], o.rd == 0 ? "s" : "d,s");
  if (op == Op::CSRRWI && fp && csr != 3) return p.with(kSwapI[csr], "d,z");
  if (o.rd != 0) return std::nullopt;
  switch (op) {
    case Op::CSRRW:
      return p.with("csrw", "c,s");
    case Op::CSRRS:
      return p.with("csrs", "c,s");
    case Op::CSRRC:
      return p.with("csrc", "c,s");
    case Op::CSRRWI:
      return p.with("csrw", "c,z");
    case Op::CSRRSI:
      return p.with("csrs", "c,z");
    case Op::CSRRCI:
      return p.with("csrc", "c,z");
    default:
      return std::nullopt;
  }
}

std::optional<std::string> jump_alias(const Printer& p, Op op) {
  const Operands& o = p.d.ops;
  if (op == Op::JAL) {
    if (o.rd == 0) return p.with("j", "b");
    if (o.rd == 1) return p.with("jal", "b");
    return std::nullopt;
  }
  if (o.rd == 0 && o.rs1 == 1 && o.imm == 0) return "ret";
  if (o.rd > 1) return std::nullopt;
  const std::string_view name = o.rd == 0 ? "jr" : "jalr";
  return p.with(name, o.imm == 0 ? "s" : "o");
}

std::optional<std::string> branch_alias(const Printer& p, Op op) {
  const Operands& o = p.d.ops;
  if (o.rs2 == 0) {
    switch (op) {
      case Op::BEQ:
        return p.with("beqz", "s,b");
      case Op::BNE:
        return p.with("bnez", "s,b");
      case Op::BLT:
        return p.with("bltz", "s,b");
      case Op::BGE:
        return p.with("bgez", "s,b");
      default:
        break;
    }
  }
  if (o.rs1 == 0 && op == Op::BLT) return p.with("bgtz", "t,b");
  if (o.rs1 == 0 && op == Op::BGE) return p.with("blez", "t,b");
  return std::nullopt;
}

std::optional<std::string> alu_alias(const Printer& p, Op op) {
  const Operands& o = p.d.ops;
  switch (op) {
    case Op::ADDI:
      if (o.rd == 0 && o.rs1 == 0 && o.imm == 0) return "nop";
      if (o.rs1 == 0) return p.with("li", "d,i");
      if (o.imm == 0) return p.with("mv", "d,s");
      return std::nullopt;
    case Op::ADDIW:
      return o.imm == 0 ? std::optional(p.with("sext.w", "d,s")) : std::nullopt;
    case Op::XORI:
      return o.imm == -1 ? std::optional(p.with("not", "d,s")) : std::nullopt;
    case Op::ANDI:
      return o.imm == 255 ? std::optional(p.with("zext.b", "d,s")) : std::nullopt;
    case Op::SUB:
      return o.rs1 == 0 ? std::optional(p.with("neg", "d,t")) : std::nullopt;
    case Op::SUBW:
      return o.rs1 == 0 ? std::optional(p.with("negw", "d,t")) : std::nullopt;
    case Op::SLTIU:
      return o.imm == 1 ? std::optional(p.with("seqz", "d,s")) : std::nullopt;
    case Op::SLTU:
      return o.rs1 == 0 ? std::optional(p.with("snez", "d,t")) : std::nullopt;
    case Op::SLT:
      if (o.rs2 == 0) return p.with("sltz", "d,s");
      if (o.rs1 == 0) return p.with("sgtz", "d,t");
      return std::nullopt;
    case Op::ADD_UW:
      return o.rs2 == 0 ? std::optional(p.with("zext.w", "d,s")) : std::nullopt;
    default:
      return std::nullopt;
  }
}

std::optional<std::string> fp_alias(const Printer& p, Op op) {
  if (p.d.ops.rs1 != p.d.ops.rs2) return std::nullopt;
  switch (op) {
    case Op::FSGNJ_S:
      return p.with("fmv.s", "D,S");
    case Op::FSGNJN_S:
      return p.with("fneg.s", "D,S");
    case Op::FSGNJX_S:
      return p.with("fabs.s", "D,S");
    case Op::FSGNJ_D:
      return p.with("fmv.d", "D,S");
    case Op::FSGNJN_D:
      return p.with("fneg.d", "D,S");
    case Op::FSGNJX_D:
      return p.with("fabs.d", "D,S");
    default:
      return std::nullopt;
  }
}

std::optional<std::string> alias(const Printer& p) {
  const Op op = p.d.runs_as;
  switch (op) {
    case Op::FENCE:
      return fence_alias(p);
    case Op::CSRRW:
    case Op::CSRRS:
    case Op::CSRRC:
    case Op::CSRRWI:
    case Op::CSRRSI:
    case Op::CSRRCI:
      return csr_alias(p, op);
    case Op::JAL:
    case Op::JALR:
      return jump_alias(p, op);
    case Op::BEQ:
    case Op::BNE:
    case Op::BLT:
    case Op::BGE:
      return branch_alias(p, op);
    default:
      break;
  }
  if (auto a = alu_alias(p, op)) return a;
  return fp_alias(p, op);
}

/// The A extension's ordering bits as objdump appends them to the mnemonic.
std::string_view ordering_suffix(const Decoded& d) {
  if ((info(d.runs_as).pattern.match & 0x7f) != 0b0101111) return "";
  constexpr std::string_view kSuffix[4] = {"", ".rl", ".aq", ".aqrl"};
  return kSuffix[d.ops.rm & 3];
}

}  // namespace

std::string_view x_name(unsigned reg) {
  return kXNames[reg & 31];
}
std::string_view f_name(unsigned reg) {
  return kFNames[reg & 31];
}

std::string disassemble(u32 raw, u64 pc, const IsaConfig& isa) {
  const Decoded d = decode(raw, isa);
  if (d.op == Op::ILLEGAL) {
    return d.length == 2 ? fmt::format(".2byte 0x{:x}", raw & 0xffff)
                         : fmt::format(".4byte 0x{:x}", raw);
  }
  const Printer p{d, pc};
  if (auto a = alias(p)) return *a;
  const std::string mnemonic = fmt::format("{}{}", info(d.runs_as).mnemonic, ordering_suffix(d));
  return p.with(mnemonic, layout(d.runs_as));
}

}  // namespace polyvm::guest::riscv64
