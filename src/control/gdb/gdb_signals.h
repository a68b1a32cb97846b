// Linux signal numbers (the generic ones riscv64 and x86-64 share) to GDB's own numbering,
// which T and X stop replies carry (gdb's include/gdb/signals.def).
#pragma once

namespace polyvm::control::gdb {

/// GDB_SIGNAL_* for Linux signal `signal`; 143 (GDB_SIGNAL_UNKNOWN) when GDB has none.
[[nodiscard]] int gdb_signal_from_linux(int signal);

}  // namespace polyvm::control::gdb
