// Compressed instructions and Zba/Zbb/Zbs on the interpreter: the scrambled C immediates
// (Unpriv 16.3-16.5) and the bit-manipulation results of the bitmanip 1.0.0 spec.
#include "interp_fixture.h"

namespace polyvm::guest::riscv64::testing {
namespace {

using Riscv64InterpC = InterpTest;
using Riscv64InterpZb = InterpTest;

TEST_F(Riscv64InterpC, StackPointerImmediatesReachTheirExtremes) {
  cpu.x[2] = kData + 0x1000;
  code({
      0x7101,  // c.addi16sp sp,-512
      0x1fe8,  // c.addi4spn a0,sp,1020
      0x617d,  // c.addi16sp sp,496
      0x7581,  // c.lui a1,0xfffe0
      0x5601,  // c.li a2,-32
      0x067d,  // c.addi a2,31
      0x367d,  // c.addiw a2,-1
      0x9002,  // c.ebreak
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kEbreak);
  EXPECT_EQ(cpu.x[10], kData + 0x1000 - 512 + 1020);
  EXPECT_EQ(cpu.x[2], kData + 0x1000 - 512 + 496);
  EXPECT_EQ(cpu.x[11], 0xfffffffffffe0000u);
  EXPECT_EQ(cpu.x[12], static_cast<u64>(-2));
}

TEST_F(Riscv64InterpC, StackLoadsAndStoresUseScaledOffsets) {
  cpu.x[2] = kData;
  cpu.x[8] = 0x1122334455667788u;
  cpu.x[9] = 0x80000000;
  code({
      0xffa2,  // c.sdsp s0,504(sp)
      0xdfa6,  // c.swsp s1,252(sp)
      0x757e,  // c.ldsp a0,504(sp)
      0x55fe,  // c.lwsp a1,252(sp)
      0xfce0,  // c.sd s0,248(s1)
      0x9002,  // c.ebreak
  });
  cpu.x[9] = 0x80000000;
  run();
  EXPECT_EQ(read<u64>(kData + 504), 0x1122334455667788u);
  EXPECT_EQ(cpu.x[10], 0x1122334455667788u);
  EXPECT_EQ(cpu.x[11], 0xffffffff80000000u);  // c.lwsp sign-extends
}

TEST_F(Riscv64InterpC, RegisterFormsComputeAndBranchesTakeTheirOffsets) {
  cpu.x[8] = 10;
  cpu.x[9] = 3;
  code({
      0x8c05,      // c.sub s0,s1
      0x8005,      // c.srli s0,0x1
      0x14fa,      // c.slli s1,0x3e
      0x94f5,      // c.srai s1,0x3d
      0x9879,      // c.andi s0,-2
      0xc011,      // c.beqz s0,e <bad>
      0xe011,      // c.bnez s0,10 <good>
      0x9002,      // c.ebreak
      0x8522,      // c.mv a0,s0
      0x9526,      // c.add a0,s1
      0xa011,      // c.j 18 <out>
      0x9002,      // c.ebreak
      0x00000073,  // ecall
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kEcall);
  EXPECT_EQ(cpu.x[8], 2u);                    // ((10-3) >> 1) & -2
  EXPECT_EQ(cpu.x[9], static_cast<u64>(-2));  // (3 << 62) >> 61 arithmetic
  EXPECT_EQ(cpu.x[10], 0u);
}

TEST_F(Riscv64InterpC, JalrLinksTheCompressedLength) {
  code({
      0x00000297,  // auipc t0,0x0
      0x02a9,      // c.addi t0,10
      0x9282,      // c.jalr t0
      0x9002,      // c.ebreak
      0x00000073,  // ecall
  });
  const Exit e = run();
  EXPECT_EQ(e.pc, kCode + 10);     // the ecall after auipc, c.addi, c.jalr, c.ebreak
  EXPECT_EQ(cpu.x[1], kCode + 8);  // c.jalr at kCode + 6 links 2 bytes on
}

TEST_F(Riscv64InterpC, CompressedCodeIsIllegalWithoutC) {
  code({
      0x0505,  // c.addi a0,1
  });
  EXPECT_EQ(run(kCode, IsaConfig::parse("rv64g").value()).reason, ExitReason::kIllegalInstruction);
}

TEST_F(Riscv64InterpZb, AddressGenerationShiftsAndZeroExtends) {
  cpu.x[11] = 0xffffffff00000003u;
  cpu.x[12] = 0x1000;
  code({
      0x20c5a533,  // sh1add a0,a1,a2
      0x20c5e6bb,  // sh3add.uw a3,a1,a2
      0x08c5873b,  // add.uw a4,a1,a2
      0x0845979b,  // slli.uw a5,a1,0x4
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 0xfffffffe00000006u + 0x1000);
  EXPECT_EQ(cpu.x[13], 0x1018u);
  EXPECT_EQ(cpu.x[14], 0x1003u);
  EXPECT_EQ(cpu.x[15], 0x30u);
}

TEST_F(Riscv64InterpZb, CountsAndExtensionsMatchTheSpec) {
  cpu.x[11] = 0x0000000000f00080u;
  code({
      0x60059513,  // clz a0,a1
      0x60159613,  // ctz a2,a1
      0x60259693,  // cpop a3,a1
      0x6000171b,  // clzw a4,zero
      0x6010179b,  // ctzw a5,zero
      0x60459813,  // sext.b a6,a1
      0x080848bb,  // zext.h a7,a6
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 40u);
  EXPECT_EQ(cpu.x[12], 7u);
  EXPECT_EQ(cpu.x[13], 5u);
  EXPECT_EQ(cpu.x[14], 32u);
  EXPECT_EQ(cpu.x[15], 32u);
  EXPECT_EQ(cpu.x[16], 0xffffffffffffff80u);
  EXPECT_EQ(cpu.x[17], 0xff80u);
}

TEST_F(Riscv64InterpZb, RotatesBytesAndMinMax) {
  cpu.x[11] = 0x0102030405060708u;
  cpu.x[12] = static_cast<u64>(-1);
  cpu.x[13] = 0x0000000080000001u;
  code({
      0x6085d513,  // rori a0,a1,0x8
      0x6b85d613,  // rev8 a2,a1
      0x2876d693,  // orc.b a3,a3
      0x6016d71b,  // roriw a4,a3,0x1
      0x60d697bb,  // rolw a5,a3,a3
      0x0ac5c833,  // min a6,a1,a2
      0x0ac5f8b3,  // maxu a7,a1,a2
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 0x0801020304050607u);
  EXPECT_EQ(cpu.x[12], 0x0807060504030201u);
  EXPECT_EQ(cpu.x[13], 0x00000000ff0000ffu);
  EXPECT_EQ(cpu.x[14], 0xffffffffff80007fu);  // 0xff0000ff rotated right by 1 in 32 bits
  EXPECT_EQ(cpu.x[15], 0xffffffffff80007fu);  // rotated left by 0xff & 31 = 31, sign-extended
  EXPECT_EQ(cpu.x[16], 0x0102030405060708u);
  EXPECT_EQ(cpu.x[17], 0x0807060504030201u);
}

TEST_F(Riscv64InterpZb, SingleBitOperationsMaskTheIndex) {
  cpu.x[11] = 0;
  cpu.x[12] = 64 + 5;
  code({
      0x28c59533,  // bset a0,a1,a2
      0x6bf51693,  // binvi a3,a0,0x3f
      0x48c6d733,  // bext a4,a3,a2
      0x48569793,  // bclri a5,a3,0x5
      0x4bf6d813,  // bexti a6,a3,0x3f
      0x40a6f8b3,  // andn a7,a3,a0
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 0x20u);
  EXPECT_EQ(cpu.x[13], 0x8000000000000020u);
  EXPECT_EQ(cpu.x[14], 1u);
  EXPECT_EQ(cpu.x[15], 0x8000000000000000u);
  EXPECT_EQ(cpu.x[16], 1u);
  EXPECT_EQ(cpu.x[17], 0x8000000000000000u);
}

}  // namespace
}  // namespace polyvm::guest::riscv64::testing
