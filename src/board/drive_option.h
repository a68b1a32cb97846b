// `-drive file=IMG,format=raw,if=virtio[,readonly=on]` in QEMU's syntax, and opening the image it
// names as the backing store of a virtio-blk device.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "device/virtio_blk.h"

namespace polyvm::board {

/// One parsed -drive option. Only raw images on virtio (or if=none, for -device) are supported.
struct DriveOption {
  std::string file;
  std::string format = "raw";
  std::string interface = "virtio";  ///< "virtio" or "none" (attached later by id)
  std::string id;                    ///< empty unless given
  bool read_only = false;
};

/// Parses the option's value (without "-drive"): comma-separated key=value pairs; ",," is a
/// literal comma inside a value, as in QEMU. Keys: file, format, if, readonly, id, media=disk.
///
///   auto drive = parse_drive_option("file=disk.img,format=raw,if=virtio,readonly=on");
Result<DriveOption> parse_drive_option(std::string_view text);

/// Opens the drive's image read-write, or read-only with readonly=on. A file the user may not
/// write is refused with a hint to add readonly=on; an empty file is refused.
Result<std::unique_ptr<device::VirtioBlk>> open_drive(const DriveOption& drive);

}  // namespace polyvm::board
