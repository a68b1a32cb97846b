// The initial stack read back as a riscv64 program would (System V psABI / Linux
// create_elf_tables): argc, argv, envp, auxv from sp, strings above, sp 16-byte aligned.
#include "linux/initial_stack.h"

#include <cstring>
#include <map>
#include <string>

#include <gtest/gtest.h>

namespace polyvm::linux_user {
namespace {

constexpr u64 kSpace = 1ull << 32;

class InitialStackTest : public ::testing::Test {
 protected:
  InitialStackTest() : space_(*mem::GuestSpace::reserve(kSpace)), map_(space_) {}
  u64 word(u64 addr) {
    u64 v;
    std::memcpy(&v, space_.host(addr), 8);
    return v;
  }
  std::string string_at(u64 addr) { return reinterpret_cast<const char*>(space_.host(addr)); }

  mem::GuestSpace space_;
  MemoryMap map_;
};

TEST_F(InitialStackTest, LayoutMatchesTheKernel) {
  StackContents c;
  c.argv = {"prog", "arg one"};
  c.envp = {"A=1", "B="};
  c.execfn = "./prog";
  c.phdr = 0x10040;
  c.phnum = 7;
  c.entry = 0x10100;
  c.interp_base = 0x3ff0000000;
  c.hwcap = 0x112d;
  for (int i = 0; i < 16; ++i) c.random[i] = static_cast<u8>(i + 1);
  auto stack = build_initial_stack(map_, kSpace, 1 << 20, c);
  ASSERT_TRUE(stack) << stack.error().message;
  u64 sp = stack->sp;
  EXPECT_EQ(sp % 16, 0u);
  EXPECT_EQ(stack->low, kSpace - (1 << 20));
  EXPECT_EQ(word(sp), 2u);
  EXPECT_EQ(string_at(word(sp + 8)), "prog");
  EXPECT_EQ(string_at(word(sp + 16)), "arg one");
  EXPECT_EQ(word(sp + 24), 0u);
  EXPECT_EQ(string_at(word(sp + 32)), "A=1");
  EXPECT_EQ(string_at(word(sp + 40)), "B=");
  EXPECT_EQ(word(sp + 48), 0u);
  std::map<u64, u64> auxv;
  u64 at = sp + 56;
  for (; word(at) != 0; at += 16) auxv[word(at)] = word(at + 8);
  EXPECT_EQ(auxv[kAtPhdr], 0x10040u);
  EXPECT_EQ(auxv[kAtPhent], 56u);
  EXPECT_EQ(auxv[kAtPhnum], 7u);
  EXPECT_EQ(auxv[kAtPagesz], 4096u);
  EXPECT_EQ(auxv[kAtBase], 0x3ff0000000u);
  EXPECT_EQ(auxv[kAtEntry], 0x10100u);
  EXPECT_EQ(auxv[kAtHwcap], 0x112du);
  EXPECT_EQ(auxv[kAtSecure], 0u);
  EXPECT_EQ(auxv[kAtUid], ::getuid());
  EXPECT_EQ(auxv[kAtClktck], 100u);
  // Linux 6.x without V: sizeof(struct rt_sigframe) = siginfo 128 + ucontext 960, rounded to 16.
  EXPECT_EQ(auxv[kAtMinsigstksz], 1088u);
  EXPECT_EQ(string_at(auxv[kAtExecfn]), "./prog");
  EXPECT_EQ(std::memcmp(space_.host(auxv[kAtRandom]), c.random.data(), 16), 0);
  // Strings lie above the vectors and below the top, in the stack mapping.
  EXPECT_GT(word(sp + 8), at);
  EXPECT_LT(auxv[kAtExecfn], kSpace);
  auto maps = map_.mappings();
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].name, "[stack]");
}

TEST_F(InitialStackTest, HugeEnvironmentDoesNotFit) {
  StackContents c;
  c.argv = {"prog"};
  c.envp = {std::string(70000, 'x')};
  auto stack = build_initial_stack(map_, kSpace, 65536, c);
  ASSERT_FALSE(stack);
  EXPECT_NE(stack.error().message.find("do not fit"), std::string::npos);
}

}  // namespace
}  // namespace polyvm::linux_user
