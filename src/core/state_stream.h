// Little-endian byte streams for saved machine state, so each device writes and checks its own
// snapshot section without knowing the file format around it.
#pragma once

#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace polyvm {

/// Appends fixed-width little-endian values (the host is x86-64, so a plain copy).
///
///   StateWriter out;
///   out.put_u64(mtimecmp);
///   out.put_bytes(fifo);
///   std::vector<u8> section = out.take();
class StateWriter {
 public:
  void put_u8(u8 v) { put(v); }
  void put_u16(u16 v) { put(v); }
  void put_u32(u32 v) { put(v); }
  void put_u64(u64 v) { put(v); }
  void put_bool(bool v) { put(static_cast<u8>(v ? 1 : 0)); }
  /// A length-prefixed (u64) run of bytes.
  void put_bytes(std::span<const u8> data) {
    put_u64(data.size());
    put_raw(data);
  }
  /// Bytes without a length: the reader must know how many.
  void put_raw(std::span<const u8> data) { out_.insert(out_.end(), data.begin(), data.end()); }

  const std::vector<u8>& data() const { return out_; }
  std::vector<u8> take() { return std::move(out_); }

 private:
  template <typename T>
  void put(T v) {
    u8 b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.insert(out_.end(), b, b + sizeof(T));
  }
  std::vector<u8> out_;
};

/// Reads what a StateWriter wrote. Reading past the end yields zeros and marks the stream
/// failed, so a parser reads everything and checks once with finish().
///
///   StateReader in{section, "clint"};
///   const u64 mtime = in.get_u64();
///   if (auto done = in.finish(); !done) return std::unexpected(done.error());
class StateReader {
 public:
  StateReader(std::span<const u8> data, std::string what) : data_(data), what_(std::move(what)) {}

  u8 get_u8() { return get<u8>(); }
  u16 get_u16() { return get<u16>(); }
  u32 get_u32() { return get<u32>(); }
  u64 get_u64() { return get<u64>(); }
  /// A boolean byte; anything but 0 or 1 fails the stream.
  bool get_bool() {
    const u8 v = get<u8>();
    if (v > 1) failed_ = true;
    return v == 1;
  }
  /// A length-prefixed run of at most `limit` bytes (more fails the stream).
  std::vector<u8> get_bytes(u64 limit) {
    const u64 n = get_u64();
    if (n > limit || n > remaining()) {
      failed_ = true;
      return {};
    }
    return raw_vector(n);
  }
  /// `n` bytes without a length prefix; empty (and failed) if fewer remain.
  std::span<const u8> get_raw(u64 n) {
    if (n > remaining()) {
      failed_ = true;
      pos_ = data_.size();
      return {};
    }
    const std::span<const u8> out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  /// Marks the stream failed: a value the parser read is out of range.
  void reject() { failed_ = true; }

  u64 remaining() const { return data_.size() - pos_; }
  bool ok() const { return !failed_; }
  /// An error naming the section unless everything was read and nothing was out of range.
  Result<void> finish() const {
    if (failed_) return fail("snapshot section {} is malformed", what_);
    if (pos_ != data_.size()) {
      return fail("snapshot section {} has {} bytes too many", what_, data_.size() - pos_);
    }
    return {};
  }

 private:
  template <typename T>
  T get() {
    T v{};
    if (sizeof(T) > remaining()) {
      failed_ = true;
      pos_ = data_.size();
      return v;
    }
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::vector<u8> raw_vector(u64 n) {
    const std::span<const u8> s = get_raw(n);
    return {s.begin(), s.end()};
  }

  std::span<const u8> data_;
  std::string what_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace polyvm
