// Checked guest memory access for system calls, and the names of the riscv64 syscall numbers.
#include "linux/syscall_support.h"

#include <algorithm>
#include <array>
#include <climits>

#include "linux/guest_paths.h"
#include "linux/guest_structs.h"

namespace polyvm::linux_user {

namespace {

constexpr auto kNames = [] {
  std::array<const char*, kSyscallCount> names{};
#define SYSCALL(number, name) names[number] = #name;
#include "linux/syscall_numbers.inc"
#undef SYSCALL
  return names;
}();

}  // namespace

const char* syscall_name(u64 number) {
  return number < kNames.size() ? kNames[number] : nullptr;
}

void define_syscall(SyscallTable& table, int number, SyscallFn fn, std::initializer_list<Arg> args,
                    bool no_return) {
  SyscallInfo& info = table[static_cast<size_t>(number)];
  info.name = kNames[static_cast<size_t>(number)];
  info.fn = fn;
  info.arg_count = static_cast<u8>(args.size());
  std::copy(args.begin(), args.end(), info.args.begin());
  info.no_return = no_return;
}

u8* guest_ptr(Thread& thread, u64 addr, u64 length, int prot) {
  MemoryMap& memory = thread.process.memory();
  if (!memory.accessible(addr, length, prot)) return nullptr;
  return memory.space().host(addr);
}

s64 host_iovecs(Thread& thread, u64 addr, u64 count, std::vector<iovec>& out) {
  if (count > IOV_MAX) return -EINVAL;
  out.resize(count);
  for (u64 i = 0; i < count; ++i) {
    GuestIovec v;
    if (!read_guest(thread, addr + i * sizeof v, v)) return -EFAULT;
    u8* p = guest_buffer(thread, v.base, v.len);
    if (!p && v.len) return -EFAULT;
    out[i] = {v.len ? p : nullptr, v.len};
  }
  return 0;
}

s64 host_path(Thread& thread, u64 addr, std::string& out) {
  auto path = read_guest_string(thread, addr, PATH_MAX);
  if (!path) return guest_ptr(thread, addr, 1, PROT_READ) ? -ENAMETOOLONG : -EFAULT;
  // /proc/self/exe is the guest program (stat, access...), not polyvm.
  out = proc_self_file(*path) == ProcSelf::kExe
            ? thread.process.exe_path
            : sysroot_path(thread.process.options().sysroot, *path);
  return 0;
}

bool translate_pointers(Thread& thread, SyscallArgs& args, std::initializer_list<PtrArg> ptrs) {
  for (const PtrArg& p : ptrs) {
    u64& arg = args[p.index];
    if (arg == 0) continue;
    u64 length = p.size;
    if (p.length_arg >= 0 &&
        __builtin_mul_overflow(args[static_cast<size_t>(p.length_arg)], p.scale, &length)) {
      return false;
    }
    u8* host = guest_buffer(thread, arg, length);
    if (!host) return false;
    arg = reinterpret_cast<u64>(host);
  }
  return true;
}

std::optional<std::string> read_guest_string(Thread& thread, u64 addr, size_t max) {
  std::string out;
  while (out.size() < max) {
    u64 chunk = std::min<u64>(kPageSize - addr % kPageSize, max - out.size());
    const u8* p = guest_ptr(thread, addr, chunk, PROT_READ);
    if (!p) return std::nullopt;
    // SAFETY: p covers `chunk` readable guest bytes.
    const char* text = reinterpret_cast<const char*>(p);
    const void* nul = std::memchr(text, 0, chunk);
    if (nul) return out.append(text, static_cast<const char*>(nul) - text);
    out.append(text, chunk);
    addr += chunk;
  }
  return std::nullopt;
}

}  // namespace polyvm::linux_user
