// Address translation cost for system mode (issue 3's targets): a TLB hit at any working set up
// to the TLB's capacity, and a miss with a full Sv39 or Sv48 walk.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <vector>

#include "guest/riscv64/mmu/mmu.h"
#include "guest/riscv64/mmu/page_table_writer.h"

namespace {

using namespace polyvm;
using namespace polyvm::guest::riscv64::mmu;

constexpr u64 kRam = 0x8000'0000;
constexpr u64 kPages = 4096;
constexpr u64 kData = kRam + (16 << 20);     ///< kPages data pages; tables live below
constexpr u64 kSv39Base = 0x10'0000'0000;    ///< 64 GiB: every Sv39 level is walked
constexpr u64 kSv48Base = 0x7f00'0000'0000;  ///< top-level slot 254 of Sv48
constexpr unsigned kBatch = 4096;            ///< translations per benchmark iteration
constexpr AccessMode kS{Privilege::kSupervisor};

/// Guest RAM holding one Sv39 and one Sv48 page table, each mapping kPages 4 KiB pages.
struct Machine {
  mem::PhysicalMemory memory;
  u64 sv39_satp = 0;
  u64 sv48_satp = 0;

  Machine() {
    if (!memory.add_ram(PAddr{kRam}, 64 << 20)) std::abort();
    PageTableWriter sv39(memory, SatpMode::kSv39, kRam, 8 << 20);
    PageTableWriter sv48(memory, SatpMode::kSv48, kRam + (8 << 20), 8 << 20);
    const u64 flags = pte::kV | pte::kR | pte::kW | pte::kA | pte::kD;
    for (u64 i = 0; i < kPages; ++i) {
      sv39.map(kSv39Base + (i << 12), kData + (i << 12), flags);
      sv48.map(kSv48Base + (i << 12), kData + (i << 12), flags);
    }
    sv39_satp = sv39.satp(1);
    sv48_satp = sv48.satp(1);
  }
};

Machine& machine() {
  static Machine m;
  return m;
}

/// kBatch addresses cycling over n distinct pages, at varying offsets.
std::vector<u64> sweep(u64 base, u64 n) {
  std::vector<u64> addrs(kBatch);
  for (u64 k = 0; k < kBatch; ++k) addrs[k] = base + ((k % n) << 12) + (k * 72 % 4096 & ~7ull);
  return addrs;
}

u8* host(const std::expected<Target, Fault>& t) {
  return t ? t->host : nullptr;
}

double count_operations(benchmark::State& state) {
  const double total = static_cast<double>(state.iterations()) * kBatch;
  state.counters["time_per_op"] =
      benchmark::Counter(total, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  return total;
}

/// Hits are the caller's to count (the TLB counts only its slow paths): every lookup that did
/// not miss.
void report(benchmark::State& state, Mmu& mmu, u64 misses_before) {
  const double total = count_operations(state);
  mem::Tlb& tlb = mmu.tlbs().load;
  tlb.add_hits(static_cast<u64>(total) - (tlb.stats().misses - misses_before));
  state.counters["hit_rate"] = static_cast<double>(tlb.stats().hits) / total;
}

/// An Sv39 MMU with a TLB of state.range(1) entries, warmed by one sweep over state.range(0)
/// pages.
struct WarmSv39 {
  Mmu mmu;
  std::vector<u64> addrs;

  explicit WarmSv39(const benchmark::State& state)
      : mmu(machine().memory, static_cast<u32>(state.range(1))),
        addrs(sweep(kSv39Base, static_cast<u64>(state.range(0)))) {
    mmu.set_satp(machine().sv39_satp);
    mmu.set_modes(kS, kS);
    for (u64 a : addrs) benchmark::DoNotOptimize(mmu.translate(a, mem::Access::kLoad));
  }
};

/// Hits through Mmu::translate (context, TLB compare, add); beyond the TLB's capacity the
/// sweep misses (hit_rate says so).
void BM_TranslateHit(benchmark::State& state) {
  WarmSv39 warm(state);
  const u64 misses_before = warm.mmu.tlbs().load.stats().misses;
  for (auto _ : state) {
    for (u64 a : warm.addrs) {
      benchmark::DoNotOptimize(host(warm.mmu.translate(a, mem::Access::kLoad)));
    }
  }
  report(state, warm.mmu, misses_before);
}

/// The bare TLB hit, as the interpreter and the JIT inline it: index, compare, add.
void BM_TlbFind(benchmark::State& state) {
  WarmSv39 warm(state);
  const u32 ctx = warm.mmu.context(mem::Access::kLoad);
  const mem::Tlb& tlb = warm.mmu.tlbs().load;
  for (auto _ : state) {
    for (u64 a : warm.addrs) benchmark::DoNotOptimize(tlb.find(a, ctx));
  }
  count_operations(state);
}

/// Misses: every translation walks all levels, because its TLB entry is dropped first
/// (BM_FlushPage gives the cost of that drop).
void miss(benchmark::State& state, u64 satp, u64 base) {
  Mmu mmu(machine().memory);
  mmu.set_satp(satp);
  mmu.set_modes(kS, kS);
  const std::vector<u64> addrs = sweep(base, static_cast<u64>(state.range(0)));
  const u64 misses_before = mmu.tlbs().load.stats().misses;
  for (auto _ : state) {
    for (u64 a : addrs) {
      mmu.tlbs().load.flush_page(a);
      benchmark::DoNotOptimize(host(mmu.translate(a, mem::Access::kLoad)));
    }
  }
  report(state, mmu, misses_before);
}

void BM_Sv39Miss(benchmark::State& state) {
  miss(state, machine().sv39_satp, kSv39Base);
}
void BM_Sv48Miss(benchmark::State& state) {
  miss(state, machine().sv48_satp, kSv48Base);
}

void BM_FlushPage(benchmark::State& state) {
  Mmu mmu(machine().memory);
  const std::vector<u64> addrs = sweep(kSv39Base, static_cast<u64>(state.range(0)));
  for (auto _ : state) {
    for (u64 a : addrs) mmu.tlbs().load.flush_page(a);
    benchmark::ClobberMemory();
  }
  count_operations(state);
}

/// A satp write to another ASID: all three TLBs drop their non-global entries (ASIDs are not
/// in the tag, see mem/tlb.h), once per address-space switch.
void BM_SatpSwitch(benchmark::State& state) {
  WarmSv39 warm(state);
  const u64 other_asid = machine().sv39_satp + (u64{1} << satp::kAsidShift);
  for (auto _ : state) {
    warm.mmu.set_satp(other_asid);
    warm.mmu.set_satp(machine().sv39_satp);
  }
  state.SetItemsProcessed(state.iterations() * 2);
}

void working_sets(benchmark::internal::Benchmark* b) {
  for (s64 n : {1, 10, 64, 128, 256, 1024, 4096}) b->Args({n, mem::Tlb::kDefaultEntries});
  b->Args({4096, 4096});
}

void pages(benchmark::internal::Benchmark* b) {
  for (s64 n : {1, 10, 64, 128, 256, 1024, 4096}) b->Arg(n);
}

BENCHMARK(BM_TranslateHit)->Apply(working_sets);
BENCHMARK(BM_TlbFind)->Apply(working_sets);
BENCHMARK(BM_Sv39Miss)->Apply(pages);
BENCHMARK(BM_Sv48Miss)->Apply(pages);
BENCHMARK(BM_FlushPage)->Arg(1);
BENCHMARK(BM_SatpSwitch)->Args({64, 1024})->Args({64, 4096});

}  // namespace

BENCHMARK_MAIN();
