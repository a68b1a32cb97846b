// `-m SIZE` as QEMU reads it (a bare number is MiB), with limits that refuse sizes no guest can
// use.
#pragma once

#include <string_view>

#include "core/error.h"
#include "core/types.h"

namespace polyvm::board {

inline constexpr u64 kMiB = u64{1} << 20;
inline constexpr u64 kGiB = u64{1} << 30;
/// Smallest RAM accepted: room for OpenSBI, a kernel and its device tree.
inline constexpr u64 kMinRamSize = 16 * kMiB;
/// Largest RAM accepted. RAM is reserved lazily, so this is a sanity bound, not a host check.
inline constexpr u64 kMaxRamSize = 16 * kGiB;
/// RAM is mapped in whole pages.
inline constexpr u64 kRamGranule = 4096;

/// Parses `-m` values: "128" (MiB, as QEMU), "256M", "1G", "1536m", "65536K", "1073741824B",
/// and QEMU's "size=1G". Suffixes B, K, M, G, T are powers of 1024, in either case.
/// Refuses sizes outside [kMinRamSize, kMaxRamSize] and sizes not a multiple of 4 KiB.
///
///   auto ram = parse_memory_size("256M");  // 268435456
Result<u64> parse_memory_size(std::string_view text);

}  // namespace polyvm::board
