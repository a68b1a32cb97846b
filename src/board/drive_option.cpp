// -drive parsing with QEMU's option syntax (util/qemu-option.c: ",," escapes a comma) and the
// checks that turn a bad image into a message naming the fix.
#include "board/drive_option.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace polyvm::board {

namespace {

struct KeyValue {
  std::string key;
  std::string value;
  bool has_value = false;
};

// Splits at single commas; ",," stays in the value as one comma.
std::vector<KeyValue> split_pairs(std::string_view text) {
  std::vector<KeyValue> pairs(1);
  bool in_value = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',' && i + 1 < text.size() && text[i + 1] == ',') {
      (in_value ? pairs.back().value : pairs.back().key) += ',';
      ++i;
    } else if (c == ',') {
      pairs.emplace_back();
      in_value = false;
    } else if (c == '=' && !in_value) {
      in_value = true;
      pairs.back().has_value = true;
    } else {
      (in_value ? pairs.back().value : pairs.back().key) += c;
    }
  }
  return pairs;
}

Result<bool> parse_switch(std::string_view key, std::string_view value) {
  if (value == "on" || value == "true" || value == "yes") return true;
  if (value == "off" || value == "false" || value == "no") return false;
  return fail("-drive {}={}: expected on or off", key, value);
}

Result<void> apply(DriveOption& drive, const KeyValue& kv) {
  if (kv.key == "file") {
    drive.file = kv.value;
  } else if (kv.key == "format") {
    if (kv.value != "raw") {
      return fail(
          "-drive format={}: only raw images are supported; convert with "
          "`qemu-img convert -O raw IMAGE disk.img`",
          kv.value);
    }
    drive.format = kv.value;
  } else if (kv.key == "if") {
    if (kv.value != "virtio" && kv.value != "none") {
      return fail("-drive if={}: the virt board has only virtio disks; use if=virtio", kv.value);
    }
    drive.interface = kv.value;
  } else if (kv.key == "readonly") {
    auto on = parse_switch(kv.key, kv.value);
    if (!on) return std::unexpected(on.error());
    drive.read_only = *on;
  } else if (kv.key == "id") {
    drive.id = kv.value;
  } else if (kv.key == "media") {
    if (kv.value != "disk") return fail("-drive media={}: only media=disk is supported", kv.value);
  } else {
    return fail("-drive: unknown option '{}' (supported: file, format, if, readonly, id, media)",
                kv.key);
  }
  return {};
}

}  // namespace

Result<DriveOption> parse_drive_option(std::string_view text) {
  DriveOption drive;
  for (const KeyValue& kv : split_pairs(text)) {
    if (kv.key.empty() && !kv.has_value) continue;  // "a,,b" edge cases and trailing commas
    if (!kv.has_value) {
      return fail("-drive: '{}' needs a value, as in {}=...", kv.key, kv.key);
    }
    if (auto applied = apply(drive, kv); !applied) return std::unexpected(applied.error());
  }
  if (drive.file.empty()) return fail("-drive {}: file=IMAGE is missing", text);
  return drive;
}

Result<std::unique_ptr<device::VirtioBlk>> open_drive(const DriveOption& drive) {
  struct stat st {};
  if (::stat(drive.file.c_str(), &st) != 0) {
    return fail("-drive file={}: {}", drive.file, std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) return fail("-drive file={}: is a directory", drive.file);
  if (!drive.read_only && ::access(drive.file.c_str(), W_OK) != 0 &&
      (errno == EACCES || errno == EROFS)) {
    return fail(
        "-drive file={}: the image is not writable ({}); add readonly=on to use it "
        "read-only",
        drive.file, std::strerror(errno));
  }
  auto disk = device::VirtioBlk::open(drive.file, drive.read_only);
  if (!disk) return std::unexpected(disk.error());
  if ((*disk)->capacity() == 0) {
    return fail("-drive file={}: the image is smaller than one 512-byte sector", drive.file);
  }
  return disk;
}

}  // namespace polyvm::board
