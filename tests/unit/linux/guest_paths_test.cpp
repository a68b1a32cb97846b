// Sysroot lookup like qemu -L (the sysroot copy wins when it exists) and the /proc/self files.
#include "linux/guest_paths.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace polyvm::linux_user {
namespace {

class SysrootTest : public ::testing::Test {
 protected:
  SysrootTest() {
    root_ =
        std::filesystem::temp_directory_path() / ("polyvm-sysroot-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root_ / "lib");
    std::ofstream(root_ / "lib" / "libc.so.6") << "x";
  }
  ~SysrootTest() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(SysrootTest, ExistingFileResolvesUnderTheSysroot) {
  EXPECT_EQ(sysroot_path(root_.string(), "/lib/libc.so.6"), (root_ / "lib/libc.so.6").string());
}

TEST_F(SysrootTest, MissingFileStaysTheHostPath) {
  EXPECT_EQ(sysroot_path(root_.string(), "/etc/passwd"), "/etc/passwd");
}

TEST_F(SysrootTest, RelativeAndRootPathsAreUnchanged) {
  EXPECT_EQ(sysroot_path(root_.string(), "lib/libc.so.6"), "lib/libc.so.6");
  EXPECT_EQ(sysroot_path(root_.string(), "/"), "/");
  EXPECT_EQ(sysroot_path("", "/lib/libc.so.6"), "/lib/libc.so.6");
}

TEST(ProcSelf, RecognisesOurOwnExeAndMaps) {
  std::string pid = std::to_string(::getpid());
  EXPECT_EQ(proc_self_file("/proc/self/exe"), ProcSelf::kExe);
  EXPECT_EQ(proc_self_file("/proc/self/maps"), ProcSelf::kMaps);
  EXPECT_EQ(proc_self_file("/proc/thread-self/maps"), ProcSelf::kMaps);
  EXPECT_EQ(proc_self_file("/proc/" + pid + "/exe"), ProcSelf::kExe);
  EXPECT_EQ(proc_self_file("/proc/self/cmdline"), ProcSelf::kCmdline);
  EXPECT_EQ(proc_self_file("/proc/self/status"), ProcSelf::kNone);
  EXPECT_EQ(proc_self_file("/proc/" + std::to_string(::getpid() + 1) + "/exe"), ProcSelf::kNone);
  EXPECT_EQ(proc_self_file("/proc/selfish/exe"), ProcSelf::kNone);
}

}  // namespace
}  // namespace polyvm::linux_user
