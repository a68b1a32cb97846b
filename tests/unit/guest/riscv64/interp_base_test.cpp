// RV64I on the interpreter: results from the manual (Unpriv 20191213, ch. 2 and 5), the
// control-flow and fault exits the Linux layer relies on, and the decode cache's behaviour.
#include <chrono>
#include <thread>

#include "interp_fixture.h"

namespace polyvm::guest::riscv64::testing {
namespace {

using Riscv64Interp = InterpTest;

TEST_F(Riscv64Interp, AddiSignExtendsItsImmediate) {
  code({
      0x80000513,  // addi a0,zero,-2048
      0x7ff50593,  // addi a1,a0,2047
      0x00000073,  // ecall
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kEcall);
  EXPECT_EQ(e.pc, kCode + 8);
  EXPECT_EQ(cpu.x[10], static_cast<u64>(-2048));
  EXPECT_EQ(cpu.x[11], static_cast<u64>(-1));
}

TEST_F(Riscv64Interp, WritesToX0AreDiscarded) {
  code({
      0x00500013,  // addi zero,zero,5
      0x00000533,  // add a0,zero,zero
      0x12345037,  // lui zero,0x12345
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[0], 0u);
  EXPECT_EQ(cpu.x[10], 0u);
}

TEST_F(Riscv64Interp, ShiftsUseOnlyTheLowSixOrFiveBitsOfTheAmount) {
  cpu.x[11] = 1;
  cpu.x[12] = 65;          // sll: 65 & 63 = 1
  cpu.x[13] = 0x80000000;  // sraw sees bit 31 as the sign
  cpu.x[14] = 33;          // sllw: 33 & 31 = 1
  code({
      0x00c59533,  // sll a0,a1,a2
      0x40e6d5bb,  // sraw a1,a3,a4
      0x00e6963b,  // sllw a2,a3,a4
      0x01f6d693,  // srli a3,a3,0x1f
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 2u);
  EXPECT_EQ(cpu.x[11], 0xffffffffc0000000u);
  EXPECT_EQ(cpu.x[12], 0u);  // 0x80000000 << 1 is 0 in 32 bits
  EXPECT_EQ(cpu.x[13], 1u);
}

TEST_F(Riscv64Interp, WordOperationsSignExtendTheirResult) {
  cpu.x[11] = 0x7fffffff;
  code({
      0x0015851b,  // addiw a0,a1,1
      0x00b5863b,  // addw a2,a1,a1
      0x40b006bb,  // subw a3,zero,a1
      0x0005571b,  // srliw a4,a0,0x0
      0x800007b7,  // lui a5,0x80000
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 0xffffffff80000000u);
  EXPECT_EQ(cpu.x[12], 0xfffffffffffffffeu);
  EXPECT_EQ(cpu.x[13], 0xffffffff80000001u);
  EXPECT_EQ(cpu.x[14], 0xffffffff80000000u);  // srliw by 0 still sign-extends bit 31
  EXPECT_EQ(cpu.x[15], 0xffffffff80000000u);  // lui sign-extends on RV64
}

TEST_F(Riscv64Interp, CompareAndSetTreatSignsAsTheManualSays) {
  cpu.x[11] = static_cast<u64>(-1);
  cpu.x[12] = 1;
  code({
      0x00c5a533,  // slt a0,a1,a2
      0x00c5b6b3,  // sltu a3,a1,a2
      0x0005a713,  // slti a4,a1,0
      0xfff63793,  // sltiu a5,a2,-1
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 1u);
  EXPECT_EQ(cpu.x[13], 0u);
  EXPECT_EQ(cpu.x[14], 1u);
  EXPECT_EQ(cpu.x[15], 1u);  // the immediate -1 compares as 2^64 - 1
}

TEST_F(Riscv64Interp, LoopCountsDownAndRetiresEveryInstruction) {
  code({
      0x00a00513,  // addi a0,zero,10
      0x00000593,  // addi a1,zero,0
      0x00a585b3,  // add a1,a1,a0
      0xfff50513,  // addi a0,a0,-1
      0xfe051ce3,  // bne a0,zero,8 <loop>
      0x00000073,  // ecall
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kEcall);
  EXPECT_EQ(cpu.x[11], 55u);
  EXPECT_EQ(cpu.instret, 2u + 3 * 10 + 1);
}

TEST_F(Riscv64Interp, JalAndJalrLinkTheNextInstruction) {
  code({
      0x008000ef,  // jal ra,8 <target>
      0x00000073,  // ecall
      0x00000517,  // auipc a0,0x0
      0x000085e7,  // jalr a1,0(ra)
  });
  const Exit e = run();
  EXPECT_EQ(e.pc, kCode + 4);
  EXPECT_EQ(cpu.x[1], kCode + 4);
  EXPECT_EQ(cpu.x[10], kCode + 8);
  EXPECT_EQ(cpu.x[11], kCode + 16);
}

TEST_F(Riscv64Interp, JalrClearsBitZeroOfTheTarget) {
  cpu.x[5] = kCode + 8 + 1;
  code({
      0x00028067,  // jalr zero,0(t0)
      0x00100073,  // ebreak
      0x00000073,  // ecall
  });
  EXPECT_EQ(run().reason, ExitReason::kEcall);
}

TEST_F(Riscv64Interp, LoadsExtendAndMisalignedAccessesWork) {
  write<u64>(kData, 0x8081828384858687u);
  cpu.x[11] = kData;
  code({
      0x00058503,  // lb a0,0(a1)
      0x0005c603,  // lbu a2,0(a1)
      0x00159683,  // lh a3,1(a1)
      0x0035e703,  // lwu a4,3(a1)
      0x0005b783,  // ld a5,0(a1)
      0x00f5b4a3,  // sd a5,9(a1)
      0x0045a803,  // lw a6,4(a1)
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 0xffffffffffffff87u);
  EXPECT_EQ(cpu.x[12], 0x87u);
  EXPECT_EQ(cpu.x[13], 0xffffffffffff8586u);
  EXPECT_EQ(cpu.x[14], 0x81828384u);
  EXPECT_EQ(cpu.x[15], 0x8081828384858687u);
  EXPECT_EQ(read<u64>(kData + 9), 0x8081828384858687u);
  EXPECT_EQ(cpu.x[16], 0xffffffff80818283u);
}

TEST_F(Riscv64Interp, EcallAndEbreakReportTheirOwnPc) {
  code({
      0x00100073,  // ebreak
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kEbreak);
  EXPECT_EQ(e.pc, kCode);
  EXPECT_EQ(cpu.pc, kCode);
}

TEST_F(Riscv64Interp, IllegalInstructionReportsPcAndBits) {
  code({
      0x00000013,  // addi zero,zero,0
      0x0000000b,  // .word 0x0000000b
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kIllegalInstruction);
  EXPECT_EQ(e.pc, kCode + 4);
  EXPECT_EQ(e.insn, 0x0000000bu);  // custom-0: no row
}

TEST_F(Riscv64Interp, LoadFromUnmappedPageIsALoadFault) {
  cpu.x[11] = kUnmapped;
  code({
      0x00000013,  // addi zero,zero,0
      0x0085b503,  // ld a0,8(a1)
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kLoadFault);
  EXPECT_EQ(e.pc, kCode + 4);
  EXPECT_EQ(e.fault_addr, kUnmapped + 8);
  EXPECT_EQ(cpu.pc, kCode + 4);
}

TEST_F(Riscv64Interp, StoreToUnmappedPageIsAStoreFault) {
  cpu.x[11] = kUnmapped;
  code({
      0x00a5a023,  // sw a0,0(a1)
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kStoreFault);
  EXPECT_EQ(e.fault_addr, kUnmapped);
}

TEST_F(Riscv64Interp, AccessBeyondTheGuestLimitFaultsWithoutTouchingTheHost) {
  cpu.x[11] = kSpaceSize - 4;
  cpu.x[12] = static_cast<u64>(-16);
  code({
      0x00a5b023,  // sd a0,0(a1)
  });
  Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kStoreFault);
  EXPECT_EQ(e.fault_addr, kSpaceSize - 4);
  code({
      0x00863503,  // ld a0,8(a2)
  });
  e = run();
  EXPECT_EQ(e.reason, ExitReason::kLoadFault);
  EXPECT_EQ(e.fault_addr, static_cast<u64>(-8));
}

TEST_F(Riscv64Interp, JumpToUnmappedCodeIsAFetchFault) {
  cpu.x[5] = kUnmapped + 0x100;
  code({
      0x000280e7,  // jalr ra,0(t0)
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kFetchFault);
  EXPECT_EQ(e.pc, kUnmapped + 0x100);
  EXPECT_EQ(e.fault_addr, kUnmapped + 0x100);
  EXPECT_EQ(cpu.x[1], kCode + 4);
}

TEST_F(Riscv64Interp, JumpPastTheGuestLimitIsAFetchFault) {
  cpu.x[5] = kSpaceSize;
  code({
      0x000280e7,  // jalr ra,0(t0)
  });
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kFetchFault);
  EXPECT_EQ(e.pc, kSpaceSize);
}

TEST_F(Riscv64Interp, InstructionCrossingThePageEndRuns) {
  // a 4-byte addi whose second half is on the next page, reached from the previous page
  const u64 at = kCode + 0x1000 - 2;
  code({
      0x00700513,  // addi a0,zero,7
      0x00550513,  // addi a0,a0,5
      0x00000073,  // ecall
  });
  // assembled at kCode, then copied so that the addi straddles the boundary
  const u32 li = read<u32>(kCode), addi = read<u32>(kCode + 4), ecall = read<u32>(kCode + 8);
  code({li}, at - 4);
  code({addi}, at);
  code({ecall}, at + 4);
  const Exit e = run(at - 4);
  EXPECT_EQ(e.reason, ExitReason::kEcall);
  EXPECT_EQ(e.pc, at + 4);
  EXPECT_EQ(cpu.x[10], 12u);
}

TEST_F(Riscv64Interp, InterruptRequestStopsAtTheNextBackwardBranch) {
  code({
      0x00150513,  // addi a0,a0,1
      0xffdff06f,  // jal zero,0 <loop>
  });
  cpu.interrupt_request.store(1);
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kInterrupted);
  EXPECT_EQ(e.pc, kCode);
  EXPECT_EQ(cpu.pc, kCode);
}

TEST_F(Riscv64Interp, JumpToItselfCanBeInterruptedFromAnotherThread) {
  code({
      0x0000006f,  // j . (jal zero,0)
  });
  std::thread requester([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    cpu.interrupt_request.store(1);
  });
  const Exit e = run();
  requester.join();
  EXPECT_EQ(e.reason, ExitReason::kInterrupted);
  EXPECT_EQ(e.pc, kCode);
}

TEST_F(Riscv64Interp, FenceIAfterRewritingCodeRunsTheNewCode) {
  // the program overwrites the "li a0, 1" at `patched` with "li a0, 2", then runs it again
  code({
      0x00000593,  // addi a1,zero,0
      0x00000297,  // auipc t0,0x0
      0x00100513,  // addi a0,zero,1
      0x00059c63,  // bne a1,zero,24 <done>
      0x0003a303,  // lw t1,0(t2)
      0x0062a223,  // sw t1,4(t0)
      0x0000100f,  // fence.i
      0x00100593,  // addi a1,zero,1
      0xfe5ff06f,  // jal zero,4 <again>
      0x00000073,  // ecall
  });
  write<u32>(kData, 0x00200513);  // addi a0, zero, 2
  cpu.x[7] = kData;
  const Exit e = run();
  EXPECT_EQ(e.reason, ExitReason::kEcall);
  EXPECT_EQ(cpu.x[10], 2u);
}

TEST_F(Riscv64Interp, InvalidateCodeDropsOnlyTheRangeGiven) {
  code({
      0x00100513,  // addi a0,zero,1
      0x00000073,  // ecall
  });
  Interpreter interp(IsaConfig::defaults(), space_->base(), space_->size());
  auto run_once = [&] {
    cpu.pc = kCode;
    interp.run(cpu);
    return cpu.x[10];
  };
  EXPECT_EQ(run_once(), 1u);
  write<u32>(kCode, 0x00200513);  // addi a0,zero,2: the decoded page still holds the old one
  EXPECT_EQ(run_once(), 1u);
  Interpreter::invalidate_code(kCode + 0x3000, 0x1000);
  EXPECT_EQ(run_once(), 1u);
  Interpreter::invalidate_code(kCode, 4);
  EXPECT_EQ(run_once(), 2u);
  EXPECT_EQ(interp.instructions_decoded(), 4u);
}

TEST_F(Riscv64Interp, CountersAreReadableAndReadOnly) {
  code({
      0x00000013,  // addi zero,zero,0
      0x00000013,  // addi zero,zero,0
      0xc0202573,  // csrrs a0,instret,zero
      0xc00025f3,  // csrrs a1,cycle,zero
      0xc0102673,  // csrrs a2,time,zero
      0x00000073,  // ecall
  });
  run();
  EXPECT_EQ(cpu.x[10], 2u);
  EXPECT_EQ(cpu.x[11], 3u);
  EXPECT_GT(cpu.x[12], 0u);
  code({
      0xc0051073,  // csrrw zero,cycle,a0
  });
  EXPECT_EQ(run().reason, ExitReason::kIllegalInstruction);
}

}  // namespace
}  // namespace polyvm::guest::riscv64::testing
