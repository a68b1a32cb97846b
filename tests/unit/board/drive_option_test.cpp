// -drive in QEMU's option syntax (docs: "-drive option[,option[,...]]", ",," for a comma) and
// opening its image: writable, read-only, and the mistakes a user makes.
#include "board/drive_option.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace polyvm::board {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DriveOption, ParsesTheUsualVirtioDisk) {
  const auto drive = parse_drive_option("file=disk.img,format=raw,if=virtio");
  ASSERT_TRUE(drive) << drive.error().message;
  EXPECT_EQ(drive->file, "disk.img");
  EXPECT_EQ(drive->format, "raw");
  EXPECT_EQ(drive->interface, "virtio");
  EXPECT_FALSE(drive->read_only);
}

TEST(DriveOption, ReadonlyOnAndIdAndIfNone) {
  const auto drive = parse_drive_option("if=none,id=hd0,file=a.img,readonly=on,media=disk");
  ASSERT_TRUE(drive) << drive.error().message;
  EXPECT_TRUE(drive->read_only);
  EXPECT_EQ(drive->id, "hd0");
  EXPECT_EQ(drive->interface, "none");
  EXPECT_FALSE(parse_drive_option("file=a.img,readonly=off")->read_only);
}

TEST(DriveOption, DoubledCommaIsACommaInTheFileName) {
  EXPECT_EQ(parse_drive_option("file=a,,b.img,format=raw")->file, "a,b.img");
}

TEST(DriveOption, FormatsOtherThanRawAreRefusedWithAConversionHint) {
  const auto drive = parse_drive_option("file=disk.qcow2,format=qcow2");
  ASSERT_FALSE(drive);
  EXPECT_TRUE(contains(drive.error().message, "only raw images"));
  EXPECT_TRUE(contains(drive.error().message, "qemu-img convert"));
}

TEST(DriveOption, MistakesAreNamed) {
  EXPECT_TRUE(contains(parse_drive_option("format=raw").error().message, "file=IMAGE is missing"));
  EXPECT_TRUE(contains(parse_drive_option("file=a,if=ide").error().message, "if=virtio"));
  EXPECT_TRUE(
      contains(parse_drive_option("file=a,cache=none").error().message, "unknown option 'cache'"));
  EXPECT_TRUE(contains(parse_drive_option("file=a,readonly=maybe").error().message, "on or off"));
  EXPECT_TRUE(contains(parse_drive_option("file=a,readonly").error().message, "needs a value"));
}

class DriveImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char name[] = "/tmp/polyvm_drive_XXXXXX";
    const int fd = ::mkstemp(name);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, 4 * 512), 0);
    ::close(fd);
    path_ = name;
  }
  void TearDown() override { ::unlink(path_.c_str()); }
  DriveOption drive(bool read_only) {
    DriveOption d;
    d.file = path_;
    d.read_only = read_only;
    return d;
  }
  std::string path_;
};

TEST_F(DriveImageTest, OpensReadWriteAndReadOnly) {
  auto rw = open_drive(drive(false));
  ASSERT_TRUE(rw) << rw.error().message;
  EXPECT_EQ((*rw)->capacity(), 4u);
  EXPECT_EQ((*rw)->features() & device::VirtioBlk::kFeatureRo, 0u);
  rw->reset();  // a writer keeps readers out, as in QEMU
  const auto ro = open_drive(drive(true));
  ASSERT_TRUE(ro) << ro.error().message;
  EXPECT_NE((*ro)->features() & device::VirtioBlk::kFeatureRo, 0u);
}

TEST_F(DriveImageTest, MissingEmptyAndDirectoryImagesAreRefused) {
  DriveOption missing = drive(false);
  missing.file = path_ + ".missing";
  EXPECT_TRUE(contains(open_drive(missing).error().message, "No such file"));
  ASSERT_EQ(::truncate(path_.c_str(), 0), 0);
  EXPECT_TRUE(contains(open_drive(drive(true)).error().message, "smaller than one 512-byte"));
  DriveOption dir = drive(false);
  dir.file = "/tmp";
  EXPECT_TRUE(contains(open_drive(dir).error().message, "is a directory"));
}

// Root may write any file, so the check runs in a child that gives up root when it has it.
TEST_F(DriveImageTest, AReadOnlyFileOpenedReadWriteSaysAddReadonlyOn) {
  ASSERT_EQ(::chmod(path_.c_str(), 0444), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::geteuid() == 0 && ::setuid(65534) != 0) std::_Exit(3);
    const auto rw = open_drive(drive(false));
    if (rw) std::_Exit(1);
    if (!contains(rw.error().message, "add readonly=on")) std::_Exit(2);
    std::_Exit(open_drive(drive(true)) ? 0 : 4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "1: opened rw, 2: wrong message, 4: ro failed";
}

}  // namespace
}  // namespace polyvm::board
