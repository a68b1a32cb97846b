// Writing and checking the snapshot container (snapshot_file.h has the layout).
#include "core/snapshot_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "core/state_stream.h"

namespace polyvm {

namespace {

constexpr u64 kHeaderSize = 8 + 4 + 4 + 8;
constexpr u64 kTrailerSize = 4;
constexpr u64 kMaxSections = 4096;

/// zlib's crc32 takes uInt lengths; feed it in pieces.
u32 crc_update(u32 crc, std::span<const u8> data) {
  constexpr std::size_t kChunk = std::size_t{1} << 30;
  while (!data.empty()) {
    const std::size_t n = std::min(data.size(), kChunk);
    crc = static_cast<u32>(::crc32(crc, data.data(), static_cast<uInt>(n)));
    data = data.subspan(n);
  }
  return crc;
}

/// Writes all of `parts` to `fd` (writev, retried on short writes); updates `crc` with them.
Result<void> write_all(int fd, std::vector<std::span<const u8>> parts, u32& crc,
                       const std::string& path) {
  for (const auto& part : parts) crc = crc_update(crc, part);
  std::vector<iovec> iov;
  for (const auto& part : parts) {
    if (!part.empty()) iov.push_back({const_cast<u8*>(part.data()), part.size()});
  }
  std::size_t first = 0;
  while (first < iov.size()) {
    const int count = static_cast<int>(std::min<std::size_t>(iov.size() - first, IOV_MAX));
    const ssize_t done = ::writev(fd, iov.data() + first, count);
    if (done < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write snapshot {}: {}", path, std::strerror(errno));
    }
    auto left = static_cast<std::size_t>(done);
    while (first < iov.size() && left >= iov[first].iov_len) left -= iov[first++].iov_len;
    if (left) {
      iov[first].iov_base = static_cast<u8*>(iov[first].iov_base) + left;
      iov[first].iov_len -= left;
    }
  }
  return {};
}

Result<void> write_body(int fd, std::span<const SnapshotSection> sections,
                        const std::string& path) {
  u64 body = 0;
  for (const SnapshotSection& s : sections) body += 2 + s.name.size() + 8 + s.data.size();
  StateWriter header;
  header.put_raw(kSnapshotMagic);
  header.put_u32(kSnapshotVersion);
  header.put_u32(static_cast<u32>(sections.size()));
  header.put_u64(body);
  u32 crc = 0;
  if (auto done = write_all(fd, {header.data()}, crc, path); !done) return done;
  for (const SnapshotSection& s : sections) {
    StateWriter name;
    name.put_u16(static_cast<u16>(s.name.size()));
    name.put_raw({reinterpret_cast<const u8*>(s.name.data()), s.name.size()});
    name.put_u64(s.data.size());
    if (auto done = write_all(fd, {name.data(), s.data}, crc, path); !done) return done;
  }
  StateWriter trailer;
  trailer.put_u32(crc);
  u32 ignored = 0;
  return write_all(fd, {trailer.data()}, ignored, path);
}

}  // namespace

Result<void> write_snapshot_file(const std::string& path,
                                 std::span<const SnapshotSection> sections) {
  if (sections.size() > kMaxSections) return fail("too many snapshot sections");
  for (const SnapshotSection& s : sections) {
    if (s.name.empty() || s.name.size() > std::numeric_limits<u16>::max()) {
      return fail("bad snapshot section name '{}'", s.name);
    }
  }
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return fail("cannot create snapshot {}: {}", tmp, std::strerror(errno));
  auto written = write_body(fd, sections, tmp);
  if (::close(fd) != 0 && written) {
    written = fail("cannot write snapshot {}: {}", tmp, std::strerror(errno));
  }
  if (written && ::rename(tmp.c_str(), path.c_str()) != 0) {
    written = fail("cannot rename {} to {}: {}", tmp, path, std::strerror(errno));
  }
  if (!written) ::unlink(tmp.c_str());
  return written;
}

Result<SnapshotFile> SnapshotFile::read(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("cannot open snapshot {}: {}", path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("snapshot {} is not a regular file", path);
  }
  std::vector<u8> bytes(static_cast<std::size_t>(st.st_size));
  std::size_t got = 0;
  while (got < bytes.size()) {
    const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  const int err = errno;
  ::close(fd);
  if (got != bytes.size()) {
    return fail("cannot read snapshot {}: {}", path, got ? "it shrank" : std::strerror(err));
  }
  return parse(std::move(bytes), path);
}

Result<SnapshotFile> SnapshotFile::parse(std::vector<u8> bytes, const std::string& path) {
  if (bytes.size() < kHeaderSize + kTrailerSize) {
    return fail("{} is not a polyvm snapshot: only {} bytes", path, bytes.size());
  }
  if (!std::equal(kSnapshotMagic.begin(), kSnapshotMagic.end(), bytes.begin())) {
    return fail("{} is not a polyvm snapshot (wrong magic)", path);
  }
  StateReader header{std::span(bytes).subspan(8, kHeaderSize - 8), "header"};
  const u32 version = header.get_u32();
  const u32 count = header.get_u32();
  const u64 body = header.get_u64();
  if (version != kSnapshotVersion) {
    return fail("snapshot {} has format version {}; this polyvm reads version {} only", path,
                version, kSnapshotVersion);
  }
  if (body != bytes.size() - kHeaderSize - kTrailerSize) {
    return fail("snapshot {} is truncated or has trailing bytes: {} bytes, the header says {}",
                path, bytes.size(), kHeaderSize + body + kTrailerSize);
  }
  const std::span<const u8> all(bytes);
  StateReader trailer{all.subspan(all.size() - kTrailerSize), "trailer"};
  const u32 stored = trailer.get_u32();
  if (crc_update(0, all.first(all.size() - kTrailerSize)) != stored) {
    return fail("snapshot {} is corrupt: checksum mismatch", path);
  }
  SnapshotFile file;
  file.path_ = path;
  StateReader in{all.subspan(kHeaderSize, body), "table"};
  for (u32 i = 0; i < count && in.ok(); ++i) {
    const std::span<const u8> name = in.get_raw(in.get_u16());
    const std::span<const u8> data = in.get_raw(in.get_u64());
    file.sections_.push_back({std::string(name.begin(), name.end()), data});
  }
  if (auto framed = in.finish(); !framed) {
    return fail("snapshot {} is malformed: its sections do not fill the file", path);
  }
  file.bytes_ = std::move(bytes);  // the views stay valid: the heap buffer moves along
  return file;
}

Result<std::span<const u8>> SnapshotFile::section(const std::string& name) const {
  for (const View& v : sections_) {
    if (v.name == name) return v.data;
  }
  return fail("snapshot {} has no section '{}'", path_, name);
}

}  // namespace polyvm
