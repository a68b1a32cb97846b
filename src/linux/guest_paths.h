// Guest paths on the host: the sysroot (-L) first for absolute paths, and /proc/self specials.
#pragma once

#include <string>
#include <string_view>

namespace polyvm::linux_user {

/// Where an absolute guest path is on the host: <sysroot><path> when that exists (like qemu -L),
/// else the path itself. Relative paths, "/" and an empty sysroot leave the path unchanged.
std::string sysroot_path(std::string_view sysroot, std::string_view path);

/// /proc files whose contents must be the guest's view rather than polyvm's.
enum class ProcSelf { kNone, kExe, kMaps, kCmdline, kAuxv };

/// Recognises exe, maps, cmdline and auxv under /proc/self, /proc/thread-self and /proc/<our pid>.
ProcSelf proc_self_file(std::string_view path);

}  // namespace polyvm::linux_user
