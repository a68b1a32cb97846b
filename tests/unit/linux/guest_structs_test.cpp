// riscv64 struct layouts against the kernel's: offsets of struct stat from
// /usr/riscv64-linux-gnu/include/asm-generic/stat.h and struct epoll_event from
// <sys/epoll.h>, as riscv64-linux-gnu-gcc lays them out (printed by an offsetof program run
// under qemu-riscv64).
#include "linux/guest_structs.h"

#include <cstddef>

#include <gtest/gtest.h>

namespace polyvm::linux_user {
namespace {

TEST(GuestStructs, StatMatchesAsmGenericStat) {
  EXPECT_EQ(sizeof(GuestStat), 128u);
  EXPECT_EQ(offsetof(GuestStat, st_dev), 0u);
  EXPECT_EQ(offsetof(GuestStat, st_ino), 8u);
  EXPECT_EQ(offsetof(GuestStat, st_mode), 16u);
  EXPECT_EQ(offsetof(GuestStat, st_nlink), 20u);
  EXPECT_EQ(offsetof(GuestStat, st_uid), 24u);
  EXPECT_EQ(offsetof(GuestStat, st_gid), 28u);
  EXPECT_EQ(offsetof(GuestStat, st_rdev), 32u);
  EXPECT_EQ(offsetof(GuestStat, st_size), 48u);
  EXPECT_EQ(offsetof(GuestStat, st_blksize), 56u);
  EXPECT_EQ(offsetof(GuestStat, st_blocks), 64u);
  EXPECT_EQ(offsetof(GuestStat, st_atime_sec), 72u);
  EXPECT_EQ(offsetof(GuestStat, st_atime_nsec), 80u);
  EXPECT_EQ(offsetof(GuestStat, st_mtime_sec), 88u);
  EXPECT_EQ(offsetof(GuestStat, st_mtime_nsec), 96u);
  EXPECT_EQ(offsetof(GuestStat, st_ctime_sec), 104u);
  EXPECT_EQ(offsetof(GuestStat, st_ctime_nsec), 112u);
}

TEST(GuestStructs, StatConversionKeepsEveryField) {
  struct stat st {};
  st.st_dev = 0x801;
  st.st_ino = 123456789;
  st.st_mode = 0100644;
  st.st_nlink = 2;
  st.st_uid = 1000;
  st.st_gid = 100;
  st.st_size = 1ll << 40;
  st.st_blksize = 4096;
  st.st_blocks = 8;
  st.st_mtim = {1700000000, 999999999};
  GuestStat g = to_guest_stat(st);
  EXPECT_EQ(g.st_dev, 0x801u);
  EXPECT_EQ(g.st_ino, 123456789u);
  EXPECT_EQ(g.st_mode, 0100644u);
  EXPECT_EQ(g.st_nlink, 2u);
  EXPECT_EQ(g.st_size, 1ll << 40);
  EXPECT_EQ(g.st_blksize, 4096);
  EXPECT_EQ(g.st_mtime_sec, 1700000000);
  EXPECT_EQ(g.st_mtime_nsec, 999999999u);
}

TEST(GuestStructs, EpollEventIsNaturallyAlignedOnRiscv64) {
  EXPECT_EQ(sizeof(GuestEpollEvent), 16u);
  EXPECT_EQ(offsetof(GuestEpollEvent, data), 8u);
}

}  // namespace
}  // namespace polyvm::linux_user
