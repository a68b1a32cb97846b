// Dispatch of riscv64 system calls through the table, -strace lines, and ENOSYS reported once.
#include "linux/syscall_table.h"

#include <fcntl.h>
#include <sys/mman.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/log.h"
#include "linux/syscall_support.h"

namespace polyvm::linux_user {

const SyscallTable& syscall_table() {
  static const SyscallTable table = [] {
    SyscallTable t{};
    register_fs_syscalls(t);
    register_memory_syscalls(t);
    register_time_syscalls(t);
    register_misc_syscalls(t);
    register_net_syscalls(t);
    register_process_syscalls(t);
    register_signal_syscalls(t);
    return t;
  }();
  return table;
}

namespace {

constexpr size_t kStraceStringMax = 64;

std::string quoted(Thread& thread, u64 addr) {
  if (addr == 0) return "NULL";
  auto text = read_guest_string(thread, addr, 4096);
  if (!text) return fmt::format("0x{:x}", addr);
  std::string out = "\"";
  for (size_t i = 0; i < text->size() && i < kStraceStringMax; ++i) {
    char c = (*text)[i];
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\{:o}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += text->size() > kStraceStringMax ? "\"..." : "\"";
  return out;
}

struct FlagName {
  u64 bit;
  const char* name;
};

// Names as qemu's -strace prints them (the asm-generic values, the same on riscv64 and x86-64).
/// asm-generic/fcntl.h's O_LARGEFILE; the host's <fcntl.h> defines it as 0 on 64-bit.
constexpr u64 kOLargefile = 0100000;
// Multi-bit flags (O_SYNC holds O_DSYNC, O_TMPFILE holds O_DIRECTORY) come first.
constexpr FlagName kOpenFlagNames[] = {
    {O_SYNC, "O_SYNC"},           {O_TMPFILE, "O_TMPFILE"},     {O_WRONLY, "O_WRONLY"},
    {O_RDWR, "O_RDWR"},           {O_CREAT, "O_CREAT"},         {O_EXCL, "O_EXCL"},
    {O_NOCTTY, "O_NOCTTY"},       {O_TRUNC, "O_TRUNC"},         {O_APPEND, "O_APPEND"},
    {O_NONBLOCK, "O_NONBLOCK"},   {O_DSYNC, "O_DSYNC"},         {O_DIRECT, "O_DIRECT"},
    {kOLargefile, "O_LARGEFILE"}, {O_DIRECTORY, "O_DIRECTORY"}, {O_NOFOLLOW, "O_NOFOLLOW"},
    {O_NOATIME, "O_NOATIME"},     {O_CLOEXEC, "O_CLOEXEC"},     {O_PATH, "O_PATH"},
};
constexpr FlagName kProtNames[] = {
    {PROT_READ, "PROT_READ"}, {PROT_WRITE, "PROT_WRITE"}, {PROT_EXEC, "PROT_EXEC"}};
constexpr FlagName kMmapFlagNames[] = {
    {MAP_SHARED, "MAP_SHARED"},       {MAP_PRIVATE, "MAP_PRIVATE"},
    {MAP_FIXED, "MAP_FIXED"},         {MAP_ANONYMOUS, "MAP_ANONYMOUS"},
    {MAP_GROWSDOWN, "MAP_GROWSDOWN"}, {MAP_DENYWRITE, "MAP_DENYWRITE"},
    {MAP_NORESERVE, "MAP_NORESERVE"}, {MAP_POPULATE, "MAP_POPULATE"},
    {MAP_STACK, "MAP_STACK"},         {MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"},
};

/// "A|B|0x40" for the known bits and the rest; `none` when nothing is set.
template <size_t N>
std::string flag_names(u64 value, const FlagName (&names)[N], const char* none) {
  std::string out;
  for (const FlagName& f : names) {
    if ((value & f.bit) != f.bit) continue;
    out += out.empty() ? "" : "|";
    out += f.name;
    value &= ~f.bit;
  }
  if (value) out += fmt::format("{}0x{:x}", out.empty() ? "" : "|", value);
  return out.empty() ? none : out;
}

std::string open_flags(u64 value) {
  std::string out = (value & O_ACCMODE) == O_RDONLY ? "O_RDONLY" : "";
  std::string rest = flag_names(value, kOpenFlagNames, "");
  if (!out.empty() && !rest.empty()) out += '|';
  return out + rest;
}

std::string format_arg(Thread& thread, Arg kind, u64 value) {
  switch (kind) {
    case Arg::kInt:
      return fmt::format("{}", static_cast<s64>(value));
    case Arg::kHex:
      return fmt::format("0x{:x}", value);
    case Arg::kPtr:
      return value ? fmt::format("0x{:x}", value) : "NULL";
    case Arg::kString:
      return quoted(thread, value);
    case Arg::kFd:
      return static_cast<int>(value) == AT_FDCWD ? "AT_FDCWD"
                                                 : fmt::format("{}", static_cast<int>(value));
    case Arg::kOctal:
      return fmt::format("0{:o}", value);
    case Arg::kOpenFlags:
      return open_flags(value);
    case Arg::kProt:
      return flag_names(value, kProtNames, "PROT_NONE");
    case Arg::kMmapFlags:
      return flag_names(value, kMmapFlagNames, "0");
  }
  return "?";
}

/// The calls whose result is an address, which qemu prints in hex.
bool returns_address(const SyscallInfo& info) {
  std::string_view name = info.name;
  return name == "mmap" || name == "mremap" || name == "brk";
}

std::string format_result(const SyscallInfo& info, s64 result) {
  if (result < 0 && result >= -4095) {
    int error = static_cast<int>(-result);
    return fmt::format("-1 errno={} ({})", error, std::strerror(error));
  }
  if (returns_address(info)) return fmt::format("0x{:x}", result);
  return fmt::format("{}", result);
}

void print_call(Thread& thread, const SyscallInfo& info, const SyscallArgs& args) {
  std::string line = fmt::format("{} {}(", thread.tid, info.name);
  for (size_t i = 0; i < info.arg_count; ++i) {
    if (i) line += ',';
    line += format_arg(thread, info.args[i], args[i]);
  }
  line += ')';
  if (info.no_return) line += '\n';
  std::fputs(line.c_str(), stderr);
}

void report_unimplemented(u64 number) {
  static std::array<std::atomic<bool>, kSyscallCount + 1> reported{};
  auto& flag = reported[number < kSyscallCount ? number : kSyscallCount];
  if (flag.exchange(true)) return;
  const char* name = syscall_name(number);
  log::error("unimplemented syscall {} ({})", number, name ? name : "not a riscv64 syscall");
}

}  // namespace

void dispatch_syscall(Thread& thread) {
  auto& x = thread.cpu.x;
  u64 number = x[17];
  SyscallArgs args{x[10], x[11], x[12], x[13], x[14], x[15]};
  const SyscallInfo* info = number < kSyscallCount ? &syscall_table()[number] : nullptr;
  if (!info || !info->fn) {
    report_unimplemented(number);
    x[10] = static_cast<u64>(-ENOSYS);
    return;
  }
  bool strace = thread.process.options().strace;
  if (strace) print_call(thread, *info, args);
  s64 result = info->fn(thread, args);
  if (strace && !info->no_return) fmt::print(stderr, " = {}\n", format_result(*info, result));
  x[10] = static_cast<u64>(result);
}

}  // namespace polyvm::linux_user
