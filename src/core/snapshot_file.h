// The snapshot file container: a versioned header, named sections and a CRC-32 over all of it,
// so a truncated, corrupt or foreign file is refused before any machine state is touched.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace polyvm {

/// "PVMSNAP" and a newline: `head -c 8` shows what the file is.
inline constexpr std::array<u8, 8> kSnapshotMagic = {'P', 'V', 'M', 'S', 'N', 'A', 'P', '\n'};
/// Bumped on any change to the container or to a section's layout; other versions are refused.
inline constexpr u32 kSnapshotVersion = 1;

/// One named section to write.
struct SnapshotSection {
  std::string name;
  std::vector<u8> data;
};

/// Writes `sections` to `path` in one go: first to `path`.tmp, renamed over `path` once complete,
/// so a failed save never leaves a half-written snapshot under the name asked for.
///
/// Layout (little-endian): magic[8], u32 version, u32 section count, u64 body size, the body
/// (per section: u16 name length, name, u64 data length, data), u32 CRC-32 (zlib's) of
/// everything before it.
Result<void> write_snapshot_file(const std::string& path,
                                 std::span<const SnapshotSection> sections);

/// A snapshot file read whole and checked (size, magic, version, checksum, section framing);
/// sections are views into the bytes it owns.
///
///   auto file = SnapshotFile::read("vm.snap");
///   if (!file) return std::unexpected(file.error());
///   auto clint = file->section("clint");  // an error names a missing section
class SnapshotFile {
 public:
  struct View {
    std::string name;
    std::span<const u8> data;
  };

  SnapshotFile(SnapshotFile&&) = default;
  SnapshotFile& operator=(SnapshotFile&&) = default;
  SnapshotFile(const SnapshotFile&) = delete;  ///< a copy's views would point into the original
  SnapshotFile& operator=(const SnapshotFile&) = delete;

  static Result<SnapshotFile> read(const std::string& path);
  /// Checks bytes as read() does; `path` only names them in errors.
  static Result<SnapshotFile> parse(std::vector<u8> bytes, const std::string& path);

  const std::vector<View>& sections() const { return sections_; }
  /// The section called `name`, or an error naming it.
  Result<std::span<const u8>> section(const std::string& name) const;

 private:
  SnapshotFile() = default;

  std::string path_;
  std::vector<u8> bytes_;  ///< the views point into its heap buffer, which moves with it
  std::vector<View> sections_;
};

}  // namespace polyvm
