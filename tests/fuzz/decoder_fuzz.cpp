// libFuzzer target: decodes and disassembles every 16- and 32-bit window of the input under a
// few ISA configurations, and checks what decode() claims against the table it came from.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "guest/riscv64/decoder.h"
#include "guest/riscv64/disasm.h"

namespace {

using namespace polyvm::guest::riscv64;

void check(std::uint32_t raw, const IsaConfig& isa) {
  const Decoded d = decode(raw, isa);
  if (d.length != instruction_length(raw)) __builtin_trap();
  if (d.op != Op::ILLEGAL) {
    const InstInfo& row = info(d.op);
    const std::uint32_t bits = d.length == 2 ? raw & 0xffff : raw;
    if ((bits & row.pattern.mask) != row.pattern.match) __builtin_trap();
    if (row.pattern.length != d.length || !extension_enabled(row.ext, isa)) __builtin_trap();
    if (d.ops.rd > 31 || d.ops.rs1 > 31 || d.ops.rs2 > 31 || d.ops.rs3 > 31) __builtin_trap();
  }
  if (disassemble(raw, 0x10000, isa).empty()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const IsaConfig kConfigs[] = {IsaConfig::defaults(), IsaConfig::parse("rv64i").value(),
                                       IsaConfig::parse("rv64imafc").value()};
  for (std::size_t i = 0; i + 2 <= size; i += 2) {
    std::uint32_t raw = 0;
    std::memcpy(&raw, data + i, i + 4 <= size ? 4 : 2);
    for (const IsaConfig& isa : kConfigs) check(raw, isa);
  }
  return 0;
}
