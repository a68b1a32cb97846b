// System calls through dispatch_syscall as a guest ecall makes them: results against the host's
// own answers and the riscv64 ABI (numbers from asm-generic/unistd.h, struct stat from
// asm-generic/stat.h), pointer checks, -strace lines and the once-only ENOSYS report.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "linux/guest_structs.h"
#include "linux/syscall_table.h"
#include "linux/thread.h"

namespace polyvm::linux_user {
namespace {

constexpr u64 kSpace = 1ull << 32;
constexpr u64 kBuf = 0x100000;  // a mapped scratch page

class SyscallTest : public ::testing::Test {
 protected:
  SyscallTest() {
    RunOptions options;
    options.program = "/bin/true";
    process_ = std::make_unique<Process>(options, *mem::GuestSpace::reserve(kSpace));
    process_->memory().mmap(kBuf, 0x10000, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    thread_ = std::make_unique<Thread>(*process_, static_cast<int>(::gettid()));
  }

  s64 call(u64 number, SyscallArgs args = {}) {
    auto& x = thread_->cpu.x;
    x[17] = number;
    for (int i = 0; i < 6; ++i) x[10 + i] = args[i];
    dispatch_syscall(*thread_);
    return static_cast<s64>(x[10]);
  }
  u8* host(u64 addr) { return process_->space().host(addr); }
  u64 put_string(u64 addr, const std::string& s) {
    std::memcpy(host(addr), s.c_str(), s.size() + 1);
    return addr;
  }

  std::unique_ptr<Process> process_;
  std::unique_ptr<Thread> thread_;
};

// riscv64 numbers (asm-generic/unistd.h).
constexpr u64 kOpenat = 56, kClose = 57, kRead = 63, kWrite = 64, kFstat = 80, kNewfstatat = 79,
              kUname = 160, kGetcwd = 17, kMmap = 222, kMunmap = 215, kBrk = 214;

TEST_F(SyscallTest, UnameSaysRiscv64AndTheHostsRelease) {
  ASSERT_EQ(call(kUname, {kBuf}), 0);
  utsname host_uts;
  ::uname(&host_uts);
  auto* guest = reinterpret_cast<utsname*>(host(kBuf));
  EXPECT_STREQ(guest->machine, "riscv64");
  EXPECT_STREQ(guest->release, host_uts.release);
}

TEST_F(SyscallTest, NewfstatatWritesTheRiscv64Layout) {
  u64 path = put_string(kBuf + 0x1000, "/etc/passwd");
  ASSERT_EQ(call(kNewfstatat, {static_cast<u64>(AT_FDCWD), path, kBuf, 0}), 0);
  struct stat st;
  ASSERT_EQ(::stat("/etc/passwd", &st), 0);
  GuestStat g;
  std::memcpy(&g, host(kBuf), sizeof g);
  EXPECT_EQ(g.st_ino, st.st_ino);
  EXPECT_EQ(g.st_size, st.st_size);
  EXPECT_EQ(g.st_mode, st.st_mode);
  EXPECT_EQ(g.st_mtime_sec, st.st_mtim.tv_sec);
}

TEST_F(SyscallTest, ProcSelfExeOpensTheGuestProgram) {
  process_->exe_path = std::filesystem::read_symlink("/proc/self/exe").string();
  u64 path = put_string(kBuf + 0x1000, "/proc/self/exe");
  s64 fd = call(kOpenat, {static_cast<u64>(AT_FDCWD), path, O_RDONLY});
  ASSERT_GE(fd, 0);
  EXPECT_EQ(call(kRead, {static_cast<u64>(fd), kBuf, 4}), 4);
  EXPECT_EQ(std::memcmp(host(kBuf),
                        "\x7f"
                        "ELF",
                        4),
            0);
  EXPECT_EQ(call(kFstat, {static_cast<u64>(fd), kBuf + 0x2000}), 0);
  EXPECT_EQ(call(kClose, {static_cast<u64>(fd)}), 0);
}

TEST_F(SyscallTest, StatOfProcSelfExeIsTheGuestProgram) {
  process_->exe_path = "/etc/passwd";  // stands in for the guest program
  u64 path = put_string(kBuf + 0x1000, "/proc/self/exe");
  ASSERT_EQ(call(kNewfstatat, {static_cast<u64>(AT_FDCWD), path, kBuf, 0}), 0);
  struct stat st;
  ASSERT_EQ(::stat("/etc/passwd", &st), 0);
  GuestStat g;
  std::memcpy(&g, host(kBuf), sizeof g);
  EXPECT_EQ(g.st_ino, st.st_ino);
}

TEST_F(SyscallTest, PointersOutsideTheGuestAreEfault) {
  EXPECT_EQ(call(kWrite, {1, kSpace - 2, 16}), -EFAULT);  // runs past the guest space
  EXPECT_EQ(call(kUname, {0x5000}), -EFAULT);             // unmapped
  EXPECT_EQ(call(kNewfstatat, {static_cast<u64>(AT_FDCWD), kSpace + 64, kBuf, 0}), -EFAULT);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "data", 4), 4);
  EXPECT_EQ(call(kRead, {static_cast<u64>(fds[0]), 0x5000, 4}), -EFAULT);  // PROT_NONE page
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_F(SyscallTest, GetcwdIsTheHosts) {
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  EXPECT_EQ(call(kGetcwd, {kBuf, 4096}), static_cast<s64>(std::strlen(cwd) + 1));
  EXPECT_STREQ(reinterpret_cast<char*>(host(kBuf)), cwd);
}

TEST_F(SyscallTest, MmapAndMunmapGoThroughTheMemoryMap) {
  s64 addr = call(kMmap, {0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                          static_cast<u64>(-1), 0});
  ASSERT_GT(addr, 0);
  EXPECT_TRUE(process_->memory().accessible(static_cast<u64>(addr), 8192, PROT_WRITE));
  EXPECT_EQ(call(kMunmap, {static_cast<u64>(addr), 8192}), 0);
  EXPECT_FALSE(process_->memory().accessible(static_cast<u64>(addr), 1, PROT_READ));
}

TEST_F(SyscallTest, BrkMovesTheBreakUpFromTheHeapStart) {
  process_->memory().set_brk_start(0x200000);
  EXPECT_EQ(call(kBrk, {0}), 0x200000);
  EXPECT_EQ(call(kBrk, {0x201000}), 0x201000);
}

TEST_F(SyscallTest, UnimplementedSyscallIsEnosysReportedOnce) {
  constexpr u64 kAcct = 89;  // not implemented: needs privileges no guest should use
  testing::internal::CaptureStderr();
  EXPECT_EQ(call(kAcct), -ENOSYS);
  EXPECT_EQ(call(kAcct), -ENOSYS);
  EXPECT_EQ(call(500), -ENOSYS);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            "polyvm: unimplemented syscall 89 (acct)\n"
            "polyvm: unimplemented syscall 500 (not a riscv64 syscall)\n");
}

TEST(SyscallStrace, PrintsNameArgumentsAndResultLikeQemu) {
  RunOptions options;
  options.strace = true;
  Process process(options, *mem::GuestSpace::reserve(kSpace));
  process.memory().mmap(kBuf, 0x1000, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  Thread thread(process, static_cast<int>(::gettid()));
  std::memcpy(process.space().host(kBuf), "/nonexistent", 13);
  auto& x = thread.cpu.x;
  x[17] = kOpenat;
  x[10] = static_cast<u64>(AT_FDCWD), x[11] = kBuf, x[12] = 0, x[13] = 0;
  testing::internal::CaptureStderr();
  dispatch_syscall(thread);
  EXPECT_EQ(testing::internal::GetCapturedStderr(),
            std::to_string(thread.tid) +
                " openat(AT_FDCWD,\"/nonexistent\",O_RDONLY,00) = -1 errno=2 (No such file or "
                "directory)\n");
}

}  // namespace
}  // namespace polyvm::linux_user
