// An IrqLine for device tests: remembers the level and how often it changed.
#pragma once

#include "device/irq_line.h"

namespace polyvm::device {

class RecordingIrq : public IrqLine {
 public:
  void set(bool new_level) override {
    if (new_level != level) ++changes;
    level = new_level;
  }
  bool level = false;
  int changes = 0;
};

}  // namespace polyvm::device
