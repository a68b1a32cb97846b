// MemoryMap against Linux's mmap semantics (man 2 mmap/munmap/mprotect/mremap/madvise/brk) in a
// small guest space.
#include "linux/memory_map.h"

#include <sys/mman.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace polyvm::linux_user {
namespace {

constexpr u64 kSpace = 1ull << 32;
constexpr int kRw = PROT_READ | PROT_WRITE;
constexpr int kAnon = MAP_PRIVATE | MAP_ANONYMOUS;

class MemoryMapTest : public ::testing::Test {
 protected:
  MemoryMapTest() : space_(*mem::GuestSpace::reserve(kSpace)), map_(space_) {
    map_.set_mmap_top(kSpace - (256ull << 20));
  }
  u8* host(u64 addr) { return space_.host(addr); }
  u64 map_anon(u64 addr, u64 length, int extra = 0) {
    s64 r = map_.mmap(addr, length, kRw, kAnon | extra, -1, 0);
    EXPECT_GT(r, 0) << std::strerror(static_cast<int>(-r));
    return static_cast<u64>(r);
  }

  mem::GuestSpace space_;
  MemoryMap map_;
};

TEST_F(MemoryMapTest, NonFixedMapsGoTopDownBelowTheMmapTop) {
  u64 a = map_anon(0, 8192);
  u64 b = map_anon(0, 4096);
  EXPECT_EQ(a, kSpace - (256ull << 20) - 8192);
  EXPECT_EQ(b, a - 4096);
  EXPECT_EQ(host(a)[0], 0);  // anonymous memory reads as zero
  host(a)[8191] = 7;
  EXPECT_TRUE(map_.accessible(a, 8192, kRw));
}

TEST_F(MemoryMapTest, HintIsUsedWhenFree) {
  EXPECT_EQ(map_anon(0x40000000, 4096), 0x40000000u);
  EXPECT_NE(map_anon(0x40000000, 4096), 0x40000000u);  // taken: placed elsewhere
}

TEST_F(MemoryMapTest, FixedReplacesAndNoReplaceRefuses) {
  u64 a = map_anon(0x50000000, 3 * 4096, MAP_FIXED);
  host(a)[0] = 1;
  EXPECT_EQ(map_.mmap(a, 4096, kRw, kAnon | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
  EXPECT_EQ(host(a)[0], 1);
  EXPECT_EQ(map_anon(a, 4096, MAP_FIXED), a);
  EXPECT_EQ(host(a)[0], 0);  // a fresh mapping
}

TEST_F(MemoryMapTest, InvalidArgumentsAreEinval) {
  EXPECT_EQ(map_.mmap(0, 0, kRw, kAnon, -1, 0), -EINVAL);
  EXPECT_EQ(map_.mmap(0x50000010, 4096, kRw, kAnon | MAP_FIXED, -1, 0), -EINVAL);
  EXPECT_EQ(map_.mmap(0, 4096, kRw, MAP_ANONYMOUS, -1, 0), -EINVAL);  // neither shared nor private
  EXPECT_EQ(map_.mmap(0, 4096, kRw, MAP_PRIVATE, -1, 0), -EBADF);
  EXPECT_EQ(map_.munmap(0x50000010, 4096), -EINVAL);
}

TEST_F(MemoryMapTest, FixedBeyondTheGuestSpaceIsEnomem) {
  EXPECT_EQ(map_.mmap(kSpace - 4096, 8192, kRw, kAnon | MAP_FIXED, -1, 0), -ENOMEM);
}

TEST_F(MemoryMapTest, FixedAtPageZeroIsEperm) {
  EXPECT_EQ(map_.mmap(0, 4096, kRw, kAnon | MAP_FIXED, -1, 0), -EPERM);
}

TEST_F(MemoryMapTest, MprotectAcceptsGlibcsGrowsdownForExecutableStacks) {
  u64 a = map_anon(0x61800000, 4096, MAP_FIXED);
  EXPECT_EQ(map_.mprotect(a, 4096, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN), 0);
  EXPECT_TRUE(map_.accessible(a, 4096, PROT_READ | PROT_WRITE | PROT_EXEC));
}

TEST_F(MemoryMapTest, MunmapSplitsAndLeavesAHole) {
  u64 a = map_anon(0x60000000, 3 * 4096, MAP_FIXED);
  EXPECT_EQ(map_.munmap(a + 4096, 4096), 0);
  EXPECT_FALSE(map_.accessible(a + 4096, 1, PROT_READ));
  EXPECT_TRUE(map_.accessible(a, 4096, kRw));
  EXPECT_TRUE(map_.accessible(a + 8192, 4096, kRw));
  EXPECT_FALSE(map_.accessible(a, 3 * 4096, PROT_READ));
  auto maps = map_.mappings();
  ASSERT_EQ(maps.size(), 2u);
  EXPECT_EQ(maps[0].end, a + 4096);
  EXPECT_EQ(maps[1].start, a + 8192);
}

TEST_F(MemoryMapTest, MprotectChangesAccessAndNeedsMappedPages) {
  u64 a = map_anon(0x61000000, 2 * 4096, MAP_FIXED);
  EXPECT_EQ(map_.mprotect(a, 4096, PROT_READ), 0);
  EXPECT_FALSE(map_.accessible(a, 1, PROT_WRITE));
  EXPECT_TRUE(map_.accessible(a + 4096, 1, PROT_WRITE));
  EXPECT_EQ(map_.mprotect(a, 3 * 4096, PROT_READ), -ENOMEM);  // the third page is unmapped
  EXPECT_EQ(map_.mappings().size(), 2u);
}

TEST_F(MemoryMapTest, BrkGrowsZeroedAndShrinks) {
  map_.set_brk_start(0x10001234);
  EXPECT_EQ(map_.brk(0), 0x10002000u);  // page-aligned end of the program
  EXPECT_EQ(map_.brk(0x10005000), 0x10005000u);
  EXPECT_EQ(host(0x10004fff)[0], 0);
  host(0x10004fff)[0] = 9;
  EXPECT_EQ(map_.brk(0x10003000), 0x10003000u);
  EXPECT_FALSE(map_.accessible(0x10003000, 1, PROT_READ));
  EXPECT_EQ(map_.brk(0x10001000), 0x10003000u);  // below the start: unchanged
  auto maps = map_.mappings();
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].name, "[heap]");
}

TEST_F(MemoryMapTest, BrkStopsAtAnotherMapping) {
  map_.set_brk_start(0x20000000);
  map_anon(0x20004000, 4096, MAP_FIXED);
  EXPECT_EQ(map_.brk(0x20008000), 0x20000000u);
}

TEST_F(MemoryMapTest, MremapGrowsInPlaceWhenFree) {
  u64 a = map_anon(0x62000000, 4096, MAP_FIXED);
  host(a)[5] = 5;
  EXPECT_EQ(map_.mremap(a, 4096, 3 * 4096, 0, 0), static_cast<s64>(a));
  EXPECT_EQ(host(a)[5], 5);
  EXPECT_TRUE(map_.accessible(a, 3 * 4096, kRw));
}

TEST_F(MemoryMapTest, MremapMovesKeepingContents) {
  u64 a = map_anon(0x63000000, 4096, MAP_FIXED);
  map_anon(a + 4096, 4096, MAP_FIXED);  // blocks growth in place
  host(a)[10] = 42;
  EXPECT_EQ(map_.mremap(a, 4096, 8192, 0, 0), -ENOMEM);  // not allowed to move
  s64 r = map_.mremap(a, 4096, 8192, MREMAP_MAYMOVE, 0);
  ASSERT_GT(r, 0);
  u64 b = static_cast<u64>(r);
  EXPECT_NE(b, a);
  EXPECT_EQ(host(b)[10], 42);
  EXPECT_EQ(host(b)[8191], 0);
  EXPECT_FALSE(map_.accessible(a, 1, PROT_READ));
  EXPECT_TRUE(map_.accessible(b, 8192, kRw));
}

TEST_F(MemoryMapTest, MremapShrinks) {
  u64 a = map_anon(0x64000000, 4 * 4096, MAP_FIXED);
  EXPECT_EQ(map_.mremap(a, 4 * 4096, 4096, 0, 0), static_cast<s64>(a));
  EXPECT_FALSE(map_.accessible(a + 4096, 1, PROT_READ));
}

TEST_F(MemoryMapTest, MadviseDontneedZeroesAnonymousMemory) {
  u64 a = map_anon(0x65000000, 4096, MAP_FIXED);
  host(a)[0] = 1;
  EXPECT_EQ(map_.madvise(a, 4096, MADV_DONTNEED), 0);
  EXPECT_EQ(host(a)[0], 0);
  EXPECT_EQ(map_.madvise(a + 8192, 4096, MADV_DONTNEED), -ENOMEM);
}

TEST_F(MemoryMapTest, ProcMapsLinesHaveTheKernelFormat) {
  map_.mmap(0x66000000, 4096, PROT_READ | PROT_EXEC, kAnon | MAP_FIXED, -1, 0, "[stack]");
  map_anon(0x66001000, 4096, MAP_FIXED);
  // fs/proc/task_mmu.c show_map_vma: "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu " and the name
  // padded to column 74.
  EXPECT_EQ(map_.render_proc_maps(),
            "66000000-66001000 r-xp 00000000 00:00 0                                  [stack]\n"
            "66001000-66002000 rw-p 00000000 00:00 0 \n");
}

TEST_F(MemoryMapTest, FileMappingShowsItsPathOffsetAndGrowsInPlace) {
  std::string path = ::testing::TempDir() + "polyvm_memory_map_test";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
  ASSERT_GE(fd, 0);
  std::string page(4096, 'a');
  page += std::string(4096, 'b');
  ASSERT_EQ(::write(fd, page.data(), page.size()), 8192);
  s64 r = map_.mmap(0x67000000, 4096, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 4096);
  ASSERT_EQ(r, 0x67000000);
  EXPECT_EQ(host(0x67000000)[0], 'b');
  auto maps = map_.mappings();
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].offset, 4096u);
  EXPECT_NE(maps[0].inode, 0u);
  EXPECT_EQ(maps[0].name, std::filesystem::canonical(path).string());
  // Growing a shared file mapping in place: the new page shows the file's next page (EOF here,
  // so only the bookkeeping is checked).
  EXPECT_EQ(map_.mremap(0x67000000, 4096, 8192, 0, 0), 0x67000000);
  maps = map_.mappings();
  ASSERT_EQ(maps.size(), 1u);
  EXPECT_EQ(maps[0].end, 0x67002000u);
  ::close(fd);
  ::unlink(path.c_str());
}

TEST_F(MemoryMapTest, ConcurrentMapsNeverOverlap) {
  constexpr int kThreads = 4, kRounds = 500;
  std::vector<std::thread> threads;
  std::vector<int> failures(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        s64 a = map_.mmap(0, 8192, kRw, kAnon, -1, 0);
        if (a <= 0) {
          ++failures[t];
          continue;
        }
        u8* p = host(static_cast<u64>(a));
        p[0] = static_cast<u8>(t);  // another thread owning these pages would overwrite it
        std::this_thread::yield();
        if (p[0] != static_cast<u8>(t) || map_.munmap(static_cast<u64>(a), 8192) != 0)
          ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
  EXPECT_TRUE(map_.mappings().empty());
}

}  // namespace
}  // namespace polyvm::linux_user
