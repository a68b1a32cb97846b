// virtio-rng's only operation (virtio 1.2, 5.4.6): fill the writable buffers with random bytes.
#include "device/virtio_rng.h"

#include <sys/random.h>

#include <algorithm>

namespace polyvm::device {

void VirtioRng::queue_notify(unsigned, Virtqueue& queue) {
  while (auto chain = queue.pop()) {
    u32 filled = 0;
    for (const iovec& v :
         chain->slice(true, 0, std::min<u64>(chain->writable_size(), kMaxPerRequest))) {
      const ssize_t got = ::getrandom(v.iov_base, v.iov_len, 0);
      if (got <= 0) break;
      filled += static_cast<u32>(got);
      if (static_cast<std::size_t>(got) < v.iov_len) break;
    }
    queue.push(*chain, filled);
  }
}

}  // namespace polyvm::device
