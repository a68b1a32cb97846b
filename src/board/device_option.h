// `-device NAME[,file=PATH]`: the virtio devices besides disks that a virt machine can carry,
// with QEMU's device names (the console's output file stands in for QEMU's -chardev).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace polyvm::board {

struct DeviceOption {
  enum class Kind { kVirtioRng, kVirtioConsole };
  Kind kind = Kind::kVirtioRng;
  std::string file;  ///< kVirtioConsole: where its output goes; empty: the serial console
};

/// Parses "virtio-rng-device" (or virtio-rng), "virtconsole" (or virtio-console) with an
/// optional ",file=PATH".
///
///   auto device = parse_device_option("virtconsole,file=hvc1.txt");
Result<DeviceOption> parse_device_option(std::string_view text);

}  // namespace polyvm::board
