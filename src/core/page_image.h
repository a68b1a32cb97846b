// Guest memory as a snapshot stores it: a bitmap of the pages that hold anything and those pages
// compressed with zstd, so the file tracks the memory in use, not the memory configured.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/types.h"

namespace polyvm {

/// Encodes `memory` (a multiple of kPageSize bytes). Layout: u64 size, u64 non-zero page count,
/// the bitmap (bit i of byte i / 8: page i is stored), u64 compressed size, one zstd frame of the
/// non-zero pages in address order.
std::vector<u8> encode_page_image(std::span<const u8> memory);

/// A decoded page image, checked against the memory it is meant for and ready to apply.
///
///   auto image = PageImage::decode(section, ram.size());
///   if (!image) return std::unexpected(image.error());
///   ...  // everything else checked too
///   image->apply(ram);
class PageImage {
 public:
  static constexpr u64 kPageSize = 4096;

  /// Decompresses and checks an encoded image of a `size`-byte memory; `what` names it in errors.
  static Result<PageImage> decode(std::span<const u8> encoded, u64 size, const std::string& what);

  /// Makes `memory` (`size` bytes) equal the image: stored pages copied, the others zeroed
  /// (pages that already read as zero are left untouched, so they stay unallocated).
  void apply(std::span<u8> memory) const;

 private:
  PageImage() = default;

  u64 size_ = 0;
  std::vector<u8> bitmap_;
  std::vector<u8> pages_;  ///< the stored pages, back to back
};

}  // namespace polyvm
