/* Zbb (bitmanip 1.0.0, 2.2): logic with negate, counts, min/max, sign/zero extension, rotates,
   orc.b and rev8, at edge values (0, -1, single bits, INT_MIN). */
#include "harness.h"

TEST_BEGIN
  TEST_RR andn, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  TEST_RR orn, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  TEST_RR xnor, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
  TEST_RR andn, -1, -1
  TEST_RR orn, 0, 0

  TEST_R clz, 0
  TEST_R clz, 1
  TEST_R clz, -1
  TEST_R clz, 0x0000100000000000
  TEST_R clzw, 0
  TEST_R clzw, 1
  TEST_R clzw, 0xffffffff00000000
  TEST_R clzw, 0x80000000
  TEST_R ctz, 0
  TEST_R ctz, 0x8000000000000000
  TEST_R ctz, 0x0000000000010000
  TEST_R ctzw, 0
  TEST_R ctzw, 0x100000000
  TEST_R ctzw, 0x80000000
  TEST_R cpop, 0
  TEST_R cpop, -1
  TEST_R cpop, 0x5555555555555555
  TEST_R cpopw, -1
  TEST_R cpopw, 0xffffffff00000001

  TEST_RR max, -1, 1
  TEST_RR max, 0x8000000000000000, 0x7fffffffffffffff
  TEST_RR maxu, -1, 1
  TEST_RR maxu, 0x8000000000000000, 0x7fffffffffffffff
  TEST_RR min, -1, 1
  TEST_RR min, 0x8000000000000000, 0x7fffffffffffffff
  TEST_RR minu, -1, 1
  TEST_RR minu, 5, 5

  TEST_R sext.b, 0x7f
  TEST_R sext.b, 0x80
  TEST_R sext.b, 0x123456789abcdeff
  TEST_R sext.h, 0x7fff
  TEST_R sext.h, 0x8000
  TEST_R sext.h, 0x1234567890abffff
  TEST_R zext.h, -1
  TEST_R zext.h, 0x12345678

  TEST_RR rol, 0x8000000000000001, 1
  TEST_RR rol, 0x0123456789abcdef, 68
  TEST_RR rol, 0x0123456789abcdef, 0
  TEST_RR ror, 0x8000000000000001, 1
  TEST_RR ror, 0x0123456789abcdef, 64
  TEST_RR ror, 0x0123456789abcdef, 12
  TEST_RR rolw, 0x80000001, 1
  TEST_RR rolw, 0xffffffff12345678, 36
  TEST_RR rorw, 0x00000001, 1
  TEST_RR rorw, 0x12345678, 32
  TEST_RR rorw, 0xfedcba9812345678, 8
  TEST_RI rori, 0x8000000000000001, 1
  TEST_RI rori, 0x0123456789abcdef, 63
  TEST_RI rori, 0x0123456789abcdef, 0
  TEST_RI roriw, 0x00000001, 1
  TEST_RI roriw, 0x12345678, 31
  TEST_RI roriw, 0xffffffff00000000, 0
  TEST_RI roriw, 0x80000000, 0

  TEST_R orc.b, 0
  TEST_R orc.b, 0x0100802000000001
  TEST_R orc.b, -1
  TEST_R rev8, 0x0123456789abcdef
  TEST_R rev8, 0x80
TEST_END
