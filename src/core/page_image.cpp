// Zero-page skipping and zstd (de)compression of snapshot memory.
#include "core/page_image.h"

#include <zstd.h>

#include <bit>
#include <cassert>
#include <cstring>

#include "core/state_stream.h"

namespace polyvm {

namespace {

constexpr std::size_t kPage = PageImage::kPageSize;
/// zstd's fastest level: memory images compress about as well at 1 as at 3, twice as fast.
constexpr int kLevel = 1;

bool all_zero(const u8* page) {
  // OR-reduce a 64-byte block at a time (vectorised), stopping at the first non-zero block.
  for (std::size_t i = 0; i < kPage; i += 64) {
    u64 acc = 0;
    for (std::size_t j = 0; j < 64; j += 8) {
      u64 word;
      std::memcpy(&word, page + i + j, 8);
      acc |= word;
    }
    if (acc) return false;
  }
  return true;
}

bool stored(const std::vector<u8>& bitmap, u64 page) {
  return bitmap[page / 8] >> (page % 8) & 1;
}

}  // namespace

std::vector<u8> encode_page_image(std::span<const u8> memory) {
  assert(memory.size() % kPage == 0);
  const u64 pages = memory.size() / kPage;
  std::vector<u8> bitmap((pages + 7) / 8);
  u64 count = 0;
  for (u64 p = 0; p < pages; ++p) {
    if (all_zero(memory.data() + p * kPage)) continue;
    bitmap[p / 8] |= static_cast<u8>(1u << (p % 8));
    ++count;
  }
  StateWriter out;
  out.put_u64(memory.size());
  out.put_u64(count);
  out.put_raw(bitmap);
  std::vector<u8> image = out.take();
  const std::size_t head = image.size() + 8;  // the compressed size follows the bitmap
  image.resize(head + ZSTD_compressBound(count * kPage));

  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, kLevel);
  ZSTD_CCtx_setPledgedSrcSize(cctx, count * kPage);
  ZSTD_outBuffer dst{image.data() + head, image.size() - head, 0};
  // Runs of stored pages go in as one input each.
  for (u64 p = 0; p < pages;) {
    if (!stored(bitmap, p)) {
      ++p;
      continue;
    }
    u64 end = p + 1;
    while (end < pages && stored(bitmap, end)) ++end;
    ZSTD_inBuffer src{memory.data() + p * kPage, (end - p) * kPage, 0};
    while (src.pos < src.size) {
      [[maybe_unused]] const std::size_t r =
          ZSTD_compressStream2(cctx, &dst, &src, ZSTD_e_continue);
      assert(!ZSTD_isError(r) && "the output holds compressBound bytes");
    }
    p = end;
  }
  ZSTD_inBuffer none{nullptr, 0, 0};
  while (ZSTD_compressStream2(cctx, &dst, &none, ZSTD_e_end) != 0) {
  }
  ZSTD_freeCCtx(cctx);
  const u64 compressed = dst.pos;
  std::memcpy(image.data() + head - 8, &compressed, 8);
  image.resize(head + compressed);
  return image;
}

Result<PageImage> PageImage::decode(std::span<const u8> encoded, u64 size,
                                    const std::string& what) {
  assert(size % kPage == 0);
  StateReader in{encoded, what};
  const u64 stored_size = in.get_u64();
  const u64 count = in.get_u64();
  if (in.ok() && stored_size != size) {
    return fail("snapshot {} holds {} bytes of memory, this machine has {}", what, stored_size,
                size);
  }
  const u64 pages = size / kPage;
  const std::span<const u8> bits = in.get_raw((pages + 7) / 8);
  const u64 compressed = in.get_u64();
  const std::span<const u8> frame = in.get_raw(compressed);
  if (auto framed = in.finish(); !framed) return std::unexpected(framed.error());

  PageImage image;
  image.size_ = size;
  image.bitmap_.assign(bits.begin(), bits.end());
  u64 marked = 0;
  for (u8 b : image.bitmap_) marked += static_cast<u64>(std::popcount(b));
  const bool spare_bits_clear = pages % 8 == 0 || (image.bitmap_.back() >> (pages % 8)) == 0;
  if (marked != count || !spare_bits_clear || count > pages) {
    return fail("snapshot section {} is malformed: its page map does not match its page count",
                what);
  }
  const u64 bytes = count * kPage;
  const unsigned long long content = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (content != bytes) {
    return fail("snapshot section {} is malformed: its pages do not decompress to {} bytes", what,
                bytes);
  }
  image.pages_.resize(bytes);
  const std::size_t got = ZSTD_decompress(image.pages_.data(), bytes, frame.data(), frame.size());
  if (ZSTD_isError(got) || got != bytes) {
    return fail("snapshot section {} does not decompress: {}", what,
                ZSTD_isError(got) ? ZSTD_getErrorName(got) : "short");
  }
  return image;
}

void PageImage::apply(std::span<u8> memory) const {
  assert(memory.size() == size_);
  const u8* next = pages_.data();
  for (u64 p = 0; p < size_ / kPage; ++p) {
    u8* page = memory.data() + p * kPage;
    if (stored(bitmap_, p)) {
      std::memcpy(page, next, kPage);
      next += kPage;
    } else if (!all_zero(page)) {
      std::memset(page, 0, kPage);
    }
  }
}

}  // namespace polyvm
