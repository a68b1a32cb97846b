/* M extension (unpriv. ISA 20191213, ch. 7): products, high halves, and the division special
   cases of table 7.1 (x/0 = all ones, x%0 = x, INT_MIN/-1 = INT_MIN, INT_MIN%-1 = 0), W forms. */
#include "harness.h"

#define MIN64 0x8000000000000000
#define MIN32 0xffffffff80000000

TEST_BEGIN
  TEST_RR mul, 7, -3
  TEST_RR mul, 0x123456789abcdef0, 0x0fedcba987654321
  TEST_RR mul, MIN64, -1
  TEST_RR mulh, -1, -1
  TEST_RR mulh, MIN64, MIN64
  TEST_RR mulh, MIN64, 0x7fffffffffffffff
  TEST_RR mulh, 0x123456789abcdef0, 0x0fedcba987654321
  TEST_RR mulh, -5, 3
  TEST_RR mulhu, -1, -1
  TEST_RR mulhu, MIN64, 2
  TEST_RR mulhu, 0x123456789abcdef0, 0xfedcba9876543210
  TEST_RR mulhsu, -1, -1
  TEST_RR mulhsu, -1, 1
  TEST_RR mulhsu, MIN64, -1
  TEST_RR mulhsu, 0x7fffffffffffffff, -1
  TEST_RR mulhsu, -2, 0x8000000000000001
  TEST_RR mulw, 0x7fffffff, 2
  TEST_RR mulw, 0x100000001, 0x100000001
  TEST_RR mulw, -1, MIN32

  TEST_RR div, 20, 6
  TEST_RR div, -20, 6
  TEST_RR div, 20, -6
  TEST_RR div, -20, -6
  TEST_RR div, 5, 0
  TEST_RR div, -5, 0
  TEST_RR div, MIN64, -1
  TEST_RR div, MIN64, 1
  TEST_RR divu, 20, 6
  TEST_RR divu, -1, 2
  TEST_RR divu, 5, 0
  TEST_RR divu, MIN64, -1
  TEST_RR rem, 20, 6
  TEST_RR rem, -20, 6
  TEST_RR rem, 20, -6
  TEST_RR rem, -20, -6
  TEST_RR rem, 5, 0
  TEST_RR rem, -5, 0
  TEST_RR rem, MIN64, -1
  TEST_RR remu, 20, 6
  TEST_RR remu, -1, 10
  TEST_RR remu, 5, 0
  TEST_RR remu, -5, 0

  /* W forms use the low 32 bits of the operands and sign-extend the 32-bit result. */
  TEST_RR divw, 20, 6
  TEST_RR divw, -20, 6
  TEST_RR divw, 5, 0
  TEST_RR divw, MIN32, -1
  TEST_RR divw, 0x80000000, -1
  TEST_RR divw, 0x1fffffffe, 2
  TEST_RR divuw, 0xffffffff, 2
  TEST_RR divuw, 0xfffffffe, 1
  TEST_RR divuw, 5, 0
  TEST_RR divuw, 0x100000007, 0x100000002
  TEST_RR remw, -20, 6
  TEST_RR remw, 5, 0
  TEST_RR remw, 0xffffffff80000005, 0
  TEST_RR remw, MIN32, -1
  TEST_RR remuw, 0xffffffff, 10
  TEST_RR remuw, 5, 0
  TEST_RR remuw, 0xfffffffffffffff1, 0
  TEST_RR remuw, 0x80000001, 0x100000002
TEST_END
