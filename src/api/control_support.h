// What the user-mode and system-mode VMs share around the control socket: its option syntax and
// the time bounds of pausing and of the last messages to clients.
#pragma once

#include <chrono>
#include <string>

#include "core/error.h"

namespace polyvm::api {

/// A vCPU in a tight loop stops within microseconds; a second means something is wrong.
inline constexpr std::chrono::milliseconds kPauseTimeout{1000};
/// How long the last events (SHUTDOWN, quit's reply) may take to reach slow clients.
inline constexpr std::chrono::milliseconds kDrainTimeout{500};

/// The socket path of `--control unix:PATH` (QEMU's -qmp spelling); empty stays empty.
Result<std::string> control_socket_path(const std::string& spec);

/// The TCP port of qemu-user's `-g PORT`, also spelled `tcp::PORT` as qemu-system's -gdb;
/// -1 for an empty spec (no gdbstub).
Result<int> gdb_port(const std::string& spec);

}  // namespace polyvm::api
