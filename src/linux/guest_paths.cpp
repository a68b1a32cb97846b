// Guest path translation: sysroot lookup like qemu -L, and the /proc/self files we emulate.
#include "linux/guest_paths.h"

#include <sys/stat.h>
#include <unistd.h>

#include <charconv>

namespace polyvm::linux_user {

std::string sysroot_path(std::string_view sysroot, std::string_view path) {
  if (sysroot.empty() || !path.starts_with('/') || path == "/") return std::string(path);
  std::string candidate = std::string(sysroot) + std::string(path);
  struct stat st;
  return ::lstat(candidate.c_str(), &st) == 0 ? candidate : std::string(path);
}

namespace {

/// Strips "/proc/self/", "/proc/thread-self/" or "/proc/<pid>/" for our own pid.
bool strip_proc_self(std::string_view& path) {
  constexpr std::string_view kProc = "/proc/";
  if (!path.starts_with(kProc)) return false;
  path.remove_prefix(kProc.size());
  size_t slash = path.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view who = path.substr(0, slash);
  path.remove_prefix(slash + 1);
  if (who == "self" || who == "thread-self") return true;
  int pid = 0;
  auto [end, ec] = std::from_chars(who.data(), who.data() + who.size(), pid);
  return ec == std::errc() && end == who.data() + who.size() && pid == ::getpid();
}

}  // namespace

ProcSelf proc_self_file(std::string_view path) {
  if (!strip_proc_self(path)) return ProcSelf::kNone;
  if (path == "exe") return ProcSelf::kExe;
  if (path == "maps") return ProcSelf::kMaps;
  if (path == "cmdline") return ProcSelf::kCmdline;
  if (path == "auxv") return ProcSelf::kAuxv;
  return ProcSelf::kNone;
}

}  // namespace polyvm::linux_user
