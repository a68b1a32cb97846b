// Decoder throughput over a mix of every table row, and interpreter dispatch speed on a tight
// integer loop (guest instructions per second), for tuning tier 0.
#include <sys/mman.h>

#include <benchmark/benchmark.h>

#include <cstring>
#include <random>
#include <vector>

#include "guest/riscv64/decoder.h"
#include "guest/riscv64/disasm.h"
#include "guest/riscv64/interpreter.h"
#include "mem/guest_space.h"

namespace {

using namespace polyvm;
using namespace polyvm::guest::riscv64;

/// One word per row and several operand choices: the row's fixed bits, random elsewhere,
/// kept when it decodes back to that row.
std::vector<u32> row_mix() {
  std::mt19937 rng(1);
  std::vector<u32> words;
  for (const InstInfo& row : kInsts) {
    for (int i = 0; i < 8; ++i) {
      u32 raw = (static_cast<u32>(rng()) & ~row.pattern.mask) | row.pattern.match;
      if (row.pattern.length == 2) raw &= 0xffff;
      if (decode(raw, IsaConfig::defaults()).op == row.op) words.push_back(raw);
    }
  }
  return words;
}

void BM_Decode(benchmark::State& state) {
  const std::vector<u32> words = row_mix();
  const IsaConfig isa = IsaConfig::defaults();
  for (auto _ : state) {
    for (u32 raw : words) benchmark::DoNotOptimize(decode(raw, isa));
  }
  state.SetItemsProcessed(static_cast<s64>(state.iterations() * words.size()));
}
BENCHMARK(BM_Decode);

void BM_Disassemble(benchmark::State& state) {
  const std::vector<u32> words = row_mix();
  const IsaConfig isa = IsaConfig::defaults();
  for (auto _ : state) {
    for (u32 raw : words) benchmark::DoNotOptimize(disassemble(raw, 0x10000, isa));
  }
  state.SetItemsProcessed(static_cast<s64>(state.iterations() * words.size()));
}
BENCHMARK(BM_Disassemble);

// 1,000,000 iterations of 8 instructions: ALU ops, a store and a load, a backward branch.
constexpr u32 kLoop[] = {
    0x000f4537,  // lui a0,0xf4
    0x2405051b,  // addiw a0,a0,576
    0x00a585b3,  // add a1,a1,a0
    0x00b64633,  // xor a2,a2,a1
    0x00359693,  // slli a3,a1,0x3
    0x00d13023,  // sd a3,0(sp)
    0x00013703,  // ld a4,0(sp)
    0x40e585b3,  // sub a1,a1,a4
    0xfff50513,  // addi a0,a0,-1
    0xfe0512e3,  // bnez a0,loop
    0x00000073,  // ecall
};

void BM_InterpretLoop(benchmark::State& state) {
  auto space = mem::GuestSpace::reserve(u64{1} << 30).value();
  constexpr u64 kCode = 0x10000;
  // SAFETY: commits two pages inside our own reservation.
  ::mprotect(space.host(kCode), 0x2000, PROT_READ | PROT_WRITE);
  std::memcpy(space.host(kCode), kLoop, sizeof kLoop);
  Interpreter interp(IsaConfig::defaults(), space.base(), space.size());
  u64 retired = 0;
  for (auto _ : state) {
    CpuState cpu;
    cpu.pc = kCode;
    cpu.x[2] = kCode + 0x1800;
    const Exit exit = interp.run(cpu);
    if (exit.reason != ExitReason::kEcall) state.SkipWithError("the loop did not reach its ecall");
    retired += cpu.instret;
  }
  state.SetItemsProcessed(static_cast<s64>(retired));
  state.counters["guest_MIPS"] =
      benchmark::Counter(static_cast<double>(retired) / 1e6, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_InterpretLoop)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
