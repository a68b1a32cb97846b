// The virt reset vector: its data where the code loads it from, the fw_dynamic_info OpenSBI
// reads through a2, and the code as binutils' disassembler reads it (an outside oracle).
#include "board/riscv64/reset_vector.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace polyvm::board::riscv64 {
namespace {

u64 dword(const std::vector<u8>& rom, std::size_t offset) {
  u64 value = 0;
  std::memcpy(&value, rom.data() + offset, 8);
  return value;
}

TEST(ResetVector, DataSitsWhereTheLoadsReadIt) {
  const auto rom = build_reset_vector(0x80000000, 0x87e00000, 0x80200000);
  ASSERT_EQ(rom.size(), 40u + 48u);
  EXPECT_EQ(dword(rom, 24), 0x80000000u);  // ld t0, 24(t0)
  EXPECT_EQ(dword(rom, 32), 0x87e00000u);  // ld a1, 32(t0)
}

TEST(ResetVector, FwDynamicInfoFollowsAtA2) {
  const auto rom = build_reset_vector(0x80000000, 0x87e00000, 0x80200000);
  EXPECT_EQ(dword(rom, 40), 0x4942534fu);  // "OSBI"
  EXPECT_EQ(dword(rom, 48), 2u);
  EXPECT_EQ(dword(rom, 56), 0x80200000u);  // next_addr
  EXPECT_EQ(dword(rom, 64), 1u);           // next_mode S
  EXPECT_EQ(dword(rom, 72), 0u);           // options
  EXPECT_EQ(dword(rom, 80), 0u);           // boot_hart
}

TEST(ResetVector, BinutilsDisassemblesTheCodeAsIntended) {
  if (std::system("command -v riscv64-linux-gnu-objdump >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "no riscv64-linux-gnu-objdump (Debian binutils-riscv64-linux-gnu)";
  }
  const auto rom = build_reset_vector(0x80000000, 0x87e00000, 0);
  const auto dir = std::filesystem::temp_directory_path();
  const auto bin = dir / fmt::format("polyvm_mrom_{}.bin", ::getpid());
  const auto txt = dir / fmt::format("polyvm_mrom_{}.txt", ::getpid());
  std::ofstream(bin, std::ios::binary).write(reinterpret_cast<const char*>(rom.data()), 24);
  const std::string command =
      fmt::format("riscv64-linux-gnu-objdump -D -b binary -m riscv:rv64 -M no-aliases {} > {}",
                  bin.string(), txt.string());
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(txt);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  for (const char* expected : {"auipc\tt0,0x0", "addi\ta2,t0,40", "csrrs\ta0,mhartid,zero",
                               "ld\ta1,32(t0)", "ld\tt0,24(t0)", "jalr\tzero,0(t0)"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " in\n" << text;
  }
  std::filesystem::remove(bin);
  std::filesystem::remove(txt);
}

}  // namespace
}  // namespace polyvm::board::riscv64
