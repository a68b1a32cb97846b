/* Zba (bitmanip 1.0.0, 2.1): address generation; the .uw forms zero-extend the low word of rs1. */
#include "harness.h"

TEST_BEGIN
  TEST_RR add.uw, 0xffffffff80000000, 1
  TEST_RR add.uw, 0x123456789, 0x1000000000
  TEST_RR add.uw, -1, -1
  TEST_RR sh1add, 0x4000000000000001, 3
  TEST_RR sh1add, -1, 0
  TEST_RR sh2add, 0x4000000000000001, 3
  TEST_RR sh2add, 0x8000000000000000, 7
  TEST_RR sh3add, 0x2000000000000001, 3
  TEST_RR sh3add, -1, 8
  TEST_RR sh1add.uw, 0xffffffff80000000, 1
  TEST_RR sh1add.uw, 0x1ffffffff, 0
  TEST_RR sh2add.uw, 0xffffffffffffffff, 4
  TEST_RR sh2add.uw, 0x12345678, 0x1000
  TEST_RR sh3add.uw, 0x80000001ffffffff, 8
  TEST_RR sh3add.uw, 0x100000000, 5
  TEST_RI slli.uw, 0xffffffff80000001, 0
  TEST_RI slli.uw, 0xffffffff80000001, 1
  TEST_RI slli.uw, 0x00000000ffffffff, 32
  TEST_RI slli.uw, 0x00000000ffffffff, 63
  TEST_RI slli.uw, 0x123456789abcdef0, 4
  /* zext.w is add.uw rd, rs, zero. */
  TEST_R zext.w, 0xfedcba9876543210
  TEST_R zext.w, 0x80000000
TEST_END
