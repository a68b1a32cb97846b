// The process-wide log of guest code invalidations (munmap, mprotect, fence.i): an epoch counter
// every interpreter polls, and the recent ranges so each can drop only the pages they touch.
#pragma once

#include <vector>

#include "core/types.h"

namespace polyvm::guest::riscv64 {

struct CodeRange {
  u64 start = 0;
  u64 end = 0;  ///< exclusive
};

/// The number of invalidations so far; cheap enough to poll at every page change.
u64 code_epoch();

/// Records that guest code in [start, end) changed and bumps the epoch.
void record_code_invalidation(u64 start, u64 end);

/// The ranges invalidated after epoch `since`, up to `now`; false if the log has already
/// forgotten some of them (the caller then drops everything).
bool code_invalidations_since(u64 since, u64 now, std::vector<CodeRange>& out);

}  // namespace polyvm::guest::riscv64
