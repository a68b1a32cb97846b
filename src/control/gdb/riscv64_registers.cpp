// See riscv64_registers.h. Register names and numbers follow gdb's features/riscv/64bit-cpu.xml
// and 64bit-fpu.xml, which riscv-tdep.c checks by name (riscv_xreg_feature, riscv_freg_feature).
#include "control/gdb/riscv64_registers.h"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "guest/riscv64/cpu_state.h"

namespace polyvm::control::gdb::riscv64 {

namespace {

using guest::riscv64::CpuState;

constexpr std::array<const char*, 32> kXNames = {
    "zero", "ra", "sp", "gp", "tp",  "t0",  "t1", "t2", "fp", "s1", "a0",
    "a1",   "a2", "a3", "a4", "a5",  "a6",  "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};
constexpr std::array<const char*, 32> kFNames = {
    "ft0", "ft1", "ft2", "ft3", "ft4",  "ft5",  "ft6", "ft7", "fs0",  "fs1", "fa0",
    "fa1", "fa2", "fa3", "fa4", "fa5",  "fa6",  "fa7", "fs2", "fs3",  "fs4", "fs5",
    "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};

constexpr size_t kGBytes = 33 * 8 + 32 * 8 + 3 * 4;

void put(std::vector<u8>& out, u64 value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out.push_back(static_cast<u8>(value >> (8 * i)));
}

u64 get(std::span<const u8> bytes) {
  u64 value = 0;
  for (size_t i = 0; i < bytes.size(); ++i) value |= u64{bytes[i]} << (8 * i);
  return value;
}

/// fcsr is frm in bits 7:5 and fflags in bits 4:0 (Unpriv 20191213, 11.2).
u32 fcsr_of(const CpuState& cpu) {
  return (cpu.frm & 7) << 5 | (cpu.fflags & 0x1f);
}

}  // namespace

std::string target_xml() {
  std::string xml =
      "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target>"
      "<architecture>riscv:rv64</architecture><feature name=\"org.gnu.gdb.riscv.cpu\">";
  for (int i = 0; i < 32; ++i) {
    const char* type = i == 1 ? "code_ptr" : (i == 2 || i == 3 || i == 8) ? "data_ptr" : "int";
    xml += fmt::format("<reg name=\"{}\" bitsize=\"64\" type=\"{}\" regnum=\"{}\"/>", kXNames[i],
                       type, i);
  }
  xml += fmt::format("<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"{}\"/>", kPc);
  xml +=
      "</feature><feature name=\"org.gnu.gdb.riscv.fpu\"><union id=\"riscv_double\">"
      "<field name=\"float\" type=\"ieee_single\"/><field name=\"double\" type=\"ieee_double\"/>"
      "</union>";
  for (int i = 0; i < 32; ++i) {
    xml += fmt::format("<reg name=\"{}\" bitsize=\"64\" type=\"riscv_double\" regnum=\"{}\"/>",
                       kFNames[i], kFirstFpr + i);
  }
  xml += fmt::format(
      "<reg name=\"fflags\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>"
      "<reg name=\"frm\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/>"
      "<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"{}\"/></feature></target>",
      kFflags, kFrm, kFcsr);
  return xml;
}

std::vector<u8> read_all(const CpuState& cpu) {
  std::vector<u8> out;
  out.reserve(kGBytes);
  for (int i = 0; i <= kFcsr; ++i) {
    if (auto one = read_one(cpu, i)) out.insert(out.end(), one->begin(), one->end());
  }
  return out;
}

bool write_all(CpuState& cpu, std::span<const u8> bytes) {
  if (bytes.size() != kGBytes) return false;
  size_t offset = 0;
  for (int i = 0; i <= kFcsr; ++i) {
    const size_t size = i < kFirstFpr + 32 ? 8 : i >= kFflags ? 4 : 0;
    if (size == 0) continue;
    write_one(cpu, i, bytes.subspan(offset, size));
    offset += size;
  }
  return true;
}

std::optional<std::vector<u8>> read_one(const CpuState& cpu, int regno) {
  std::vector<u8> out;
  if (regno >= 0 && regno < 32) {
    put(out, cpu.x[regno], 8);
  } else if (regno == kPc) {
    put(out, cpu.pc, 8);
  } else if (regno >= kFirstFpr && regno < kFirstFpr + 32) {
    put(out, cpu.f[regno - kFirstFpr], 8);
  } else if (regno == kFflags) {
    put(out, cpu.fflags & 0x1f, 4);
  } else if (regno == kFrm) {
    put(out, cpu.frm & 7, 4);
  } else if (regno == kFcsr) {
    put(out, fcsr_of(cpu), 4);
  } else {
    return std::nullopt;
  }
  return out;
}

bool write_one(CpuState& cpu, int regno, std::span<const u8> bytes) {
  const bool wide = regno <= kPc || (regno >= kFirstFpr && regno < kFirstFpr + 32);
  const bool narrow = regno >= kFflags && regno <= kFcsr;
  if ((!wide && !narrow) || regno < 0 || bytes.size() != (wide ? 8u : 4u)) return false;
  const u64 value = get(bytes);
  if (regno < 32) {
    if (regno != 0) cpu.x[regno] = value;
  } else if (regno == kPc) {
    cpu.pc = value;
  } else if (wide) {
    cpu.f[regno - kFirstFpr] = value;
  } else if (regno == kFflags) {
    cpu.fflags = static_cast<u32>(value & 0x1f);
  } else if (regno == kFrm) {
    cpu.frm = static_cast<u32>(value & 7);
  } else {
    cpu.fflags = static_cast<u32>(value & 0x1f);
    cpu.frm = static_cast<u32>(value >> 5 & 7);
  }
  return true;
}

}  // namespace polyvm::control::gdb::riscv64
