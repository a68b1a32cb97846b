// F and D plumbing on the interpreter: NaN-boxing of loads and moves (Unpriv 12.2), fcsr as the
// concatenation of frm and fflags (11.2), and rounding-mode fields 5, 6 and dyn (11.2).
#include "interp_fixture.h"

namespace polyvm::guest::riscv64::testing {
namespace {

using Riscv64InterpFD = InterpTest;

TEST_F(Riscv64InterpFD, SingleLoadsAreNanBoxedAndStoresWriteLowBits) {
  write<u32>(kData, 0x3f800000);  // 1.0f
  cpu.x[11] = kData;
  code({
      0x0005a507,  // flw fa0,0(a1)
      0x00a5a227,  // fsw fa0,4(a1)
      0xe0050553,  // fmv.x.w a0,fa0
      0xe2050653,  // fmv.x.d a2,fa0
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.f[10], 0xffffffff3f800000u);
  EXPECT_EQ(read<u32>(kData + 4), 0x3f800000u);
  EXPECT_EQ(cpu.x[10], 0x3f800000u);
  EXPECT_EQ(cpu.x[12], 0xffffffff3f800000u);
}

TEST_F(Riscv64InterpFD, DoubleArithmeticRunsThroughTheFpu) {
  cpu.x[11] = 3;
  code({
      0xd225f553,  // fcvt.d.l fa0,a1
      0x02a575d3,  // fadd.d fa1,fa0,fa0
      0x1aa5f653,  // fdiv.d fa2,fa1,fa0
      0xc2267553,  // fcvt.l.d a0,fa2
      0xa2c62653,  // feq.d a2,fa2,fa2
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.f[11], 0x4018000000000000u);  // 6.0
  EXPECT_EQ(cpu.x[10], 2u);
  EXPECT_EQ(cpu.x[12], 1u);
}

TEST_F(Riscv64InterpFD, FcsrIsFrmAboveFflags) {
  cpu.x[11] = 0xff;
  code({
      0x00359573,  // csrrw a0,fcsr,a1
      0x00202673,  // csrrs a2,frm,zero
      0x001026f3,  // csrrs a3,fflags,zero
      0x0020d773,  // csrrwi a4,frm,1
      0x003027f3,  // csrrs a5,fcsr,zero
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[12], 7u);
  EXPECT_EQ(cpu.x[13], 0x1fu);
  EXPECT_EQ(cpu.x[14], 7u);
  EXPECT_EQ(cpu.x[15], 0x3fu);
  EXPECT_EQ(cpu.frm, 1u);
}

TEST_F(Riscv64InterpFD, DynamicRoundingWithAnInvalidFrmIsIllegal) {
  cpu.frm = 5;
  code({
      0x02c5f553,  // fadd.d fa0,fa1,fa2
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kIllegalInstruction);
  EXPECT_EQ(e.pc, kCode);
}

TEST_F(Riscv64InterpFD, FloatingPointIsIllegalWithoutF) {
  code({
      0x02c5f553,  // fadd.d fa0,fa1,fa2
  });
  EXPECT_EQ(run(kCode, IsaConfig::parse("rv64imac").value()).reason,
            ExitReason::kIllegalInstruction);
}

}  // namespace
}  // namespace polyvm::guest::riscv64::testing
