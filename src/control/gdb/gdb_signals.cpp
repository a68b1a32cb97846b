// See gdb_signals.h. Signals 1-6, 8, 9, 11 and 13-15 have the same numbers in both.
#include "control/gdb/gdb_signals.h"

#include <array>

namespace polyvm::control::gdb {

namespace {

constexpr int kUnknown = 143;
// Index: Linux signal 0..31; value: GDB signal.
constexpr std::array<int, 32> kFromLinux = {0,  1,  2,  3,  4,  5,        6,  10, 8,  9,  30,
                                            11, 31, 13, 14, 15, kUnknown, 20, 19, 17, 18, 21,
                                            22, 16, 24, 25, 26, 27,       28, 23, 32, 12};

}  // namespace

int gdb_signal_from_linux(int signal) {
  if (signal >= 0 && signal < static_cast<int>(kFromLinux.size())) return kFromLinux[signal];
  return kUnknown;  // real-time signals map to GDB_SIGNAL_REALTIME_* ranges we do not send
}

}  // namespace polyvm::control::gdb
