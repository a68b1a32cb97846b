// The snapshot container: sections come back as written; a truncated, corrupt, foreign or
// other-version file is refused with an error that says which.
#include "core/snapshot_file.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace polyvm {
namespace {

class SnapshotFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("polyvm_snapshot_file_test_" + std::to_string(::getpid())))
                .string();
    const SnapshotSection sections[] = {{"machine", {'r', 'a', 'm', '=', '1'}},
                                        {"empty", {}},
                                        {"big", std::vector<u8>(100'000, 0x5a)}};
    ASSERT_TRUE(write_snapshot_file(path_, sections));
    std::ifstream in(path_, std::ios::binary);
    bytes_.assign(std::istreambuf_iterator<char>(in), {});
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string parse_error(std::vector<u8> bytes) {
    auto file = SnapshotFile::parse(std::move(bytes), "test.snap");
    return file ? "" : file.error().message;
  }
  std::string path_;
  std::vector<u8> bytes_;
};

TEST_F(SnapshotFileTest, SectionsComeBackInOrderWithTheirBytes) {
  auto file = SnapshotFile::read(path_);
  ASSERT_TRUE(file) << file.error().message;
  ASSERT_EQ(file->sections().size(), 3u);
  EXPECT_EQ(file->sections()[0].name, "machine");
  EXPECT_EQ(file->sections()[1].name, "empty");
  EXPECT_TRUE(file->sections()[1].data.empty());
  auto big = file->section("big");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->size(), 100'000u);
  EXPECT_EQ((*big)[99'999], 0x5a);
  EXPECT_FALSE(file->section("missing"));
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
}

TEST_F(SnapshotFileTest, StartsWithTheMagic) {
  ASSERT_GE(bytes_.size(), 8u);
  EXPECT_EQ(std::string(bytes_.begin(), bytes_.begin() + 8), "PVMSNAP\n");
}

TEST_F(SnapshotFileTest, EveryTruncationIsRefused) {
  for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{20}, std::size_t{100},
                        bytes_.size() / 2, bytes_.size() - 1}) {
    const std::vector<u8> cut(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_NE(parse_error(cut), "") << n;
  }
  std::vector<u8> longer = bytes_;
  longer.push_back(0);
  EXPECT_NE(parse_error(longer).find("truncated or has trailing bytes"), std::string::npos);
}

TEST_F(SnapshotFileTest, AnyFlippedBitIsCaughtByTheChecksum) {
  for (std::size_t at : {std::size_t{30}, std::size_t{50'000}, bytes_.size() - 5}) {
    std::vector<u8> bad = bytes_;
    bad[at] ^= 0x10;
    EXPECT_NE(parse_error(bad).find("checksum"), std::string::npos) << at;
  }
  std::vector<u8> bad_crc = bytes_;
  bad_crc.at(bad_crc.size() - 1) ^= 1;
  EXPECT_NE(parse_error(bad_crc).find("checksum"), std::string::npos);
}

TEST_F(SnapshotFileTest, WrongMagicAndOtherVersionsAreNamed) {
  std::vector<u8> magic = bytes_;
  magic[0] = 'X';
  EXPECT_NE(parse_error(magic).find("not a polyvm snapshot"), std::string::npos);
  std::vector<u8> version = bytes_;
  version[8] = kSnapshotVersion + 1;
  EXPECT_NE(parse_error(version).find("format version 2"), std::string::npos);
}

TEST_F(SnapshotFileTest, MissingFilesAndDirectoriesAreErrors) {
  EXPECT_FALSE(SnapshotFile::read(path_ + ".missing"));
  EXPECT_FALSE(SnapshotFile::read(std::filesystem::temp_directory_path().string()));
  const SnapshotSection one[] = {{"a", {1}}};
  EXPECT_FALSE(write_snapshot_file("/nonexistent-dir/x.snap", one));
}

}  // namespace
}  // namespace polyvm
