// Snapshot memory images: contents come back exactly, zero pages cost (almost) nothing, and an
// image of another size or with a damaged page map or frame is refused.
#include "core/page_image.h"

#include <gtest/gtest.h>

#include <cstring>

namespace polyvm {
namespace {

constexpr u64 kPage = PageImage::kPageSize;

std::vector<u8> sample(u64 pages) {
  std::vector<u8> memory(pages * kPage);
  for (u64 p = 0; p < pages; p += 3) {
    for (u64 i = 0; i < kPage; i += 64) memory[p * kPage + i] = static_cast<u8>(p + i / 64 + 1);
  }
  memory[7 * kPage + kPage - 1] = 0xee;  // a page whose only non-zero byte is its last
  return memory;
}

TEST(PageImage, RoundTripRestoresEveryByteAndZeroesUnstoredPages) {
  const std::vector<u8> memory = sample(64);
  const std::vector<u8> encoded = encode_page_image(memory);
  auto image = PageImage::decode(encoded, memory.size(), "ram");
  ASSERT_TRUE(image) << image.error().message;
  std::vector<u8> target(memory.size(), 0xcc);
  image->apply(target);
  EXPECT_EQ(target, memory);
}

TEST(PageImage, SizeTracksTheMemoryInUseNotTheMemoryConfigured) {
  std::vector<u8> memory(64 << 20);
  const std::size_t empty = encode_page_image(memory).size();
  EXPECT_LT(empty, 3000u);  // the page map (2 KiB) and an empty frame
  for (u64 p = 0; p < 16; ++p) {
    for (u64 i = 0; i < kPage; ++i) memory[p * 97 * kPage + i] = static_cast<u8>(i * 31 + p);
  }
  const std::size_t used = encode_page_image(memory).size();
  EXPECT_GT(used, empty);
  EXPECT_LT(used, empty + 16 * kPage + 1024);
}

TEST(PageImage, ImagesOfAnotherSizeOrDamagedAreRefused) {
  const std::vector<u8> memory = sample(16);
  const std::vector<u8> encoded = encode_page_image(memory);
  EXPECT_FALSE(PageImage::decode(encoded, memory.size() * 2, "ram"));
  EXPECT_FALSE(
      PageImage::decode(std::span(encoded).first(encoded.size() - 1), memory.size(), "ram"));

  std::vector<u8> extra_page = encoded;
  extra_page[16] |= 0x02;  // page 1 marked stored, but the count says otherwise
  EXPECT_FALSE(PageImage::decode(extra_page, memory.size(), "ram"));

  std::vector<u8> bad_frame = encoded;
  bad_frame[16 + 2 + 8 + 4] ^= 0xff;  // zstd frame header
  EXPECT_FALSE(PageImage::decode(bad_frame, memory.size(), "ram"));
}

}  // namespace
}  // namespace polyvm
