/* Zbs (bitmanip 1.0.0, 2.4): single-bit clear, extract, invert and set; the index is taken
   modulo 64 (register forms) or is a 6-bit immediate. */
#include "harness.h"

TEST_BEGIN
  TEST_RR bclr, -1, 0
  TEST_RR bclr, -1, 63
  TEST_RR bclr, -1, 64
  TEST_RR bclr, 0, 5
  TEST_RR bext, 0x8000000000000000, 63
  TEST_RR bext, 0x8000000000000000, 127
  TEST_RR bext, 0x8000000000000000, 62
  TEST_RR bext, 5, 2
  TEST_RR binv, 0, 63
  TEST_RR binv, -1, 31
  TEST_RR binv, 0, 65
  TEST_RR bset, 0, 63
  TEST_RR bset, 0, 32
  TEST_RR bset, 0, -1
  TEST_RR bset, -1, 7
  TEST_RI bclri, -1, 63
  TEST_RI bclri, -1, 31
  TEST_RI bclri, 0x10, 4
  TEST_RI bexti, 0x8000000000000000, 63
  TEST_RI bexti, 0x0000000100000000, 32
  TEST_RI bexti, 0x0000000100000000, 31
  TEST_RI binvi, 0, 63
  TEST_RI binvi, 0xffffffffffffffff, 0
  TEST_RI binvi, 0x80000000, 31
  TEST_RI bseti, 0, 63
  TEST_RI bseti, 0, 31
  TEST_RI bseti, 1, 0
TEST_END
