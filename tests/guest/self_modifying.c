// Generated and rewritten code: instructions written into an mmap'd page, flushed with
// __builtin___clear_cache (riscv_flush_icache), run, rewritten in place and run again.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef long (*Fn)(long);

// addi a0, a0, imm (I-type, unpriv. ISA 2.4) and ret (jalr x0, 0(ra)).
static uint32_t addi_a0(int imm) { return ((uint32_t)imm & 0xfff) << 20 | 10u << 15 | 10u << 7 | 0x13; }
static const uint32_t kRet = 0x00008067;

static void emit(uint32_t* code, const uint32_t* insns, size_t n) {
  memcpy(code, insns, n * sizeof *insns);
  __builtin___clear_cache((char*)code, (char*)(code + n));
}

int main(void) {
  long page = sysconf(_SC_PAGESIZE);
  uint32_t* code = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (code == MAP_FAILED) return 1;
  Fn fn = (Fn)(uintptr_t)code;

  uint32_t one[] = {addi_a0(5), kRet};
  emit(code, one, 2);
  printf("first: %ld\n", fn(100));

  long sum = 0;
  for (int i = -300; i < 300; i++) {
    uint32_t insns[] = {addi_a0(i), addi_a0(i * 2 % 2048), kRet};
    emit(code, insns, 3);
    sum += fn(i);
  }
  printf("rewritten 600 times, sum: %ld\n", sum);

  // A longer body: a chain of 500 addi, rewritten in its middle only.
  uint32_t chain[501];
  for (int i = 0; i < 500; i++) chain[i] = addi_a0(1);
  chain[500] = kRet;
  emit(code, chain, 501);
  printf("chain of 500: %ld\n", fn(0));
  uint32_t patch = addi_a0(-1000);
  emit(code + 250, &patch, 1);
  printf("patched middle: %ld\n", fn(0));

  // Code that crosses a page boundary.
  uint32_t* cross = (uint32_t*)((char*)code + page - 8);
  uint32_t crossing[] = {addi_a0(7), addi_a0(11), addi_a0(13), kRet};
  emit(cross, crossing, 4);
  printf("across the page boundary: %ld\n", ((Fn)(uintptr_t)cross)(0));
  crossing[2] = addi_a0(-13);
  emit(cross, crossing, 4);
  printf("second page rewritten: %ld\n", ((Fn)(uintptr_t)cross)(0));

  // The same bytes mapped again at the same address after munmap must not run stale code.
  munmap(code, (size_t)page * 2);
  uint32_t* again = mmap(code, (size_t)page, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (again != code) return 2;
  uint32_t fresh[] = {addi_a0(42), kRet};
  emit(again, fresh, 2);
  printf("after munmap and mmap: %ld\n", fn(0));

  // W^X style: write with PROT_WRITE, then mprotect to PROT_EXEC.
  mprotect(again, (size_t)page, PROT_READ | PROT_WRITE);
  uint32_t wx[] = {addi_a0(-7), kRet};
  memcpy(again, wx, sizeof wx);
  mprotect(again, (size_t)page, PROT_READ | PROT_EXEC);
  __builtin___clear_cache((char*)again, (char*)(again + 2));
  printf("after mprotect to exec: %ld\n", fn(0));
  return 0;
}
