// M and A on the interpreter: the manual's division corner cases (Unpriv 7.2, table 7.1), high
// multiplies, LR/SC reservations and AMO results (ch. 8).
#include <thread>

#include "interp_fixture.h"

namespace polyvm::guest::riscv64::testing {
namespace {

using Riscv64InterpMA = InterpTest;

TEST_F(Riscv64InterpMA, DivisionByZeroGivesAllOnesAndTheDividend) {
  cpu.x[11] = 1234;
  code({
      0x0205c533,  // div a0,a1,zero
      0x0205d633,  // divu a2,a1,zero
      0x0205e6b3,  // rem a3,a1,zero
      0x0205f733,  // remu a4,a1,zero
      0x0205c7bb,  // divw a5,a1,zero
      0x0205f83b,  // remuw a6,a1,zero
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], ~u64{0});
  EXPECT_EQ(cpu.x[12], ~u64{0});
  EXPECT_EQ(cpu.x[13], 1234u);
  EXPECT_EQ(cpu.x[14], 1234u);
  EXPECT_EQ(cpu.x[15], ~u64{0});
  EXPECT_EQ(cpu.x[16], 1234u);
}

TEST_F(Riscv64InterpMA, SignedOverflowGivesTheDividendAndRemainderZero) {
  cpu.x[11] = u64{1} << 63;
  cpu.x[12] = ~u64{0};
  cpu.x[13] = 0xffffffff80000000u;
  code({
      0x02c5c533,  // div a0,a1,a2
      0x02c5e733,  // rem a4,a1,a2
      0x02c6c7bb,  // divw a5,a3,a2
      0x02c6e83b,  // remw a6,a3,a2
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], u64{1} << 63);
  EXPECT_EQ(cpu.x[14], 0u);
  EXPECT_EQ(cpu.x[15], 0xffffffff80000000u);
  EXPECT_EQ(cpu.x[16], 0u);
}

TEST_F(Riscv64InterpMA, DivisionRoundsTowardZero) {
  cpu.x[11] = static_cast<u64>(-7);
  cpu.x[12] = 2;
  code({
      0x02c5c533,  // div a0,a1,a2
      0x02c5e6b3,  // rem a3,a1,a2
      0x02c5d73b,  // divuw a4,a1,a2
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], static_cast<u64>(-3));
  EXPECT_EQ(cpu.x[13], static_cast<u64>(-1));
  EXPECT_EQ(cpu.x[14], 0x7ffffffcu);  // 0xfffffff9 / 2, sign-extended from bit 31 (0)
}

TEST_F(Riscv64InterpMA, HighMultipliesTreatOperandsPerSignedness) {
  cpu.x[11] = ~u64{0};  // -1 signed, 2^64-1 unsigned
  cpu.x[12] = 2;
  code({
      0x02c59533,  // mulh a0,a1,a2
      0x02c5b6b3,  // mulhu a3,a1,a2
      0x02c5a733,  // mulhsu a4,a1,a2
      0x02b627b3,  // mulhsu a5,a2,a1
      0x02c58833,  // mul a6,a1,a2
      0x02b588bb,  // mulw a7,a1,a1
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], ~u64{0});  // -2 >> 64
  EXPECT_EQ(cpu.x[13], 1u);
  EXPECT_EQ(cpu.x[14], ~u64{0});  // -1 * 2
  EXPECT_EQ(cpu.x[15], 1u);       // 2 * (2^64-1)
  EXPECT_EQ(cpu.x[16], static_cast<u64>(-2));
  EXPECT_EQ(cpu.x[17], 1u);
}

TEST_F(Riscv64InterpMA, ScSucceedsAfterLrAndFailsWithoutIt) {
  write<u64>(kData, 41);
  cpu.x[11] = kData;
  code({
      0x1005b52f,  // lr.d a0,(a1)
      0x00150513,  // addi a0,a0,1
      0x18a5b62f,  // sc.d a2,a0,(a1)
      0x18a5b6af,  // sc.d a3,a0,(a1)
      0x1005a72f,  // lr.w a4,(a1)
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[12], 0u);  // success
  EXPECT_EQ(cpu.x[13], 1u);  // the first SC consumed the reservation
  EXPECT_EQ(read<u64>(kData), 42u);
  EXPECT_EQ(cpu.x[14], 42u);
}

TEST_F(Riscv64InterpMA, ScFailsWhenMemoryChangedSinceLr) {
  write<u32>(kData, 5);
  cpu.x[11] = kData;
  cpu.x[15] = 9;
  code({
      0x1005a52f,  // lr.w a0,(a1)
      0x00f5a023,  // sw a5,0(a1)
      0x18a5a62f,  // sc.w a2,a0,(a1)
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[12], 1u);
  EXPECT_EQ(read<u32>(kData), 9u);
}

TEST_F(Riscv64InterpMA, AmosReturnTheOldValueSignExtended) {
  write<u32>(kData, 0xfffffff0);
  write<s64>(kData + 8, -5);
  cpu.x[11] = kData;
  cpu.x[12] = kData + 8;
  cpu.x[13] = 3;
  code({
      0x00d5a52f,  // amoadd.w a0,a3,(a1)
      0xe0d5a72f,  // amomaxu.w a4,a3,(a1)
      0x80d637af,  // amomin.d a5,a3,(a2)
      0xc0d6382f,  // amominu.d a6,a3,(a2)
      0x0ed638af,  // amoswap.d.aqrl a7,a3,(a2)
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 0xfffffffffffffff0u);
  EXPECT_EQ(cpu.x[14], 0xfffffffffffffff3u);
  EXPECT_EQ(read<u32>(kData), 0xfffffff3u);    // maxu(0xfffffff3, 3)
  EXPECT_EQ(cpu.x[15], static_cast<u64>(-5));  // min(-5, 3) = -5 stays
  EXPECT_EQ(cpu.x[16], static_cast<u64>(-5));  // minu(2^64-5, 3) = 3 stored
  EXPECT_EQ(cpu.x[17], 3u);
  EXPECT_EQ(read<u64>(kData + 8), 3u);
}

TEST_F(Riscv64InterpMA, MisalignedAtomicsStop) {
  cpu.x[11] = kData + 2;
  code({
      0x00b5a52f,  // amoadd.w a0,a1,(a1)
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kMisalignedAtomic);
  EXPECT_EQ(e.fault_addr, kData + 2);
}

TEST_F(Riscv64InterpMA, AmoAddFromTwoThreadsLosesNoUpdate) {
  cpu.x[11] = kData;
  code({
      0x00018637,  // lui a2,0x18
      0x6a06061b,  // addiw a2,a2,1696
      0x00100693,  // addi a3,zero,1
      0x00d5b02f,  // amoadd.d zero,a3,(a1)
      0xfff60613,  // addi a2,a2,-1
      0xfe061ce3,  // bne a2,zero,c <loop>
      0x00000073,  // ecall
  });
  write<u64>(kData, 0);
  auto worker = [this] {
    CpuState local;
    local.x[11] = kData;
    local.pc = kCode;
    Interpreter interp(IsaConfig::defaults(), space_->base(), space_->size());
    interp.run(local);
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(read<u64>(kData), 200000u);
}

}  // namespace
}  // namespace polyvm::guest::riscv64::testing
