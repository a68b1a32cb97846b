// -device parsing: a name, then key=value pairs.
#include "board/device_option.h"

namespace polyvm::board {

Result<DeviceOption> parse_device_option(std::string_view text) {
  const std::string_view name = text.substr(0, text.find(','));
  DeviceOption option;
  if (name == "virtio-rng-device" || name == "virtio-rng") {
    option.kind = DeviceOption::Kind::kVirtioRng;
  } else if (name == "virtconsole" || name == "virtio-console") {
    option.kind = DeviceOption::Kind::kVirtioConsole;
  } else {
    return fail("-device {}: unknown device; known: virtio-rng-device, virtconsole[,file=PATH]",
                name);
  }
  std::string_view rest = text.substr(name.size());
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the comma
    const std::string_view pair = rest.substr(0, rest.find(','));
    rest.remove_prefix(pair.size());
    if (pair.starts_with("file=") && option.kind == DeviceOption::Kind::kVirtioConsole &&
        pair.size() > 5) {
      option.file = std::string(pair.substr(5));
    } else {
      return fail("-device {}: unknown or empty property '{}'", name, pair);
    }
  }
  return option;
}

}  // namespace polyvm::board
