// virtio-console's snapshot state: input the terminal pushed that the guest has not taken yet.
#include "device/virtio_console.h"

namespace polyvm::device {

std::vector<u8> VirtioConsole::save_state() {
  std::lock_guard lock(input_mutex_);
  return {input_.begin(), input_.end()};
}

bool VirtioConsole::check_state(std::span<const u8>) const {
  return true;  // any bytes are input
}

void VirtioConsole::restore_state(std::span<const u8> state) {
  std::lock_guard lock(input_mutex_);
  input_.assign(state.begin(), state.end());
}

}  // namespace polyvm::device
