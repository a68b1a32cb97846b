// execve: a riscv64 program (or a script whose interpreter is one) runs in a fresh polyvm; any
// other program is the host's to run.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "linux/guest_paths.h"
#include "linux/syscall_support.h"
#include "linux/syscalls_process.h"

namespace polyvm::linux_user {

namespace {

constexpr u16 kEmRiscv = 243;
constexpr size_t kHeaderBytes = 256;  // BINPRM_BUF_SIZE: how much of a #! line the kernel reads
constexpr size_t kMaxStrings = 1 << 17;

std::string file_header(const std::string& host_path) {
  std::string bytes(kHeaderBytes, '\0');
  int fd = ::open(host_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  ssize_t n = ::read(fd, bytes.data(), bytes.size());
  ::close(fd);
  bytes.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return bytes;
}

bool is_riscv64_elf(const std::string& header) {
  constexpr size_t kMachineOffset = 18;
  constexpr u8 kElfClass64 = 2;
  if (header.size() < kMachineOffset + 2 || !header.starts_with("\177ELF")) return false;
  auto byte = [&](size_t i) { return static_cast<u8>(header[i]); };
  return byte(4) == kElfClass64 &&
         (byte(kMachineOffset) | byte(kMachineOffset + 1) << 8) == kEmRiscv;
}

/// "#!interpreter [argument]" split as the kernel's binfmt_script does (one optional argument).
struct Shebang {
  std::string interpreter;
  std::string argument;
};

std::optional<Shebang> parse_shebang(const std::string& header) {
  if (!header.starts_with("#!")) return std::nullopt;
  std::string line = header.substr(2, header.find('\n') - 2);
  const char* blanks = " \t";
  size_t start = line.find_first_not_of(blanks);
  if (start == std::string::npos) return std::nullopt;
  size_t end = line.find_first_of(blanks, start);
  Shebang s{line.substr(start, end - start), {}};
  if (end != std::string::npos) {
    size_t arg = line.find_first_not_of(blanks, end);
    size_t last = line.find_last_not_of(blanks);
    if (arg != std::string::npos) s.argument = line.substr(arg, last + 1 - arg);
  }
  return s;
}

/// polyvm run with this process's options, running `host_program` with the guest's arguments.
std::vector<std::string> polyvm_command(const RunOptions& options, const std::string& host_program,
                                        const std::vector<std::string>& guest_argv) {
  std::vector<std::string> command{options.polyvm_exe, "run"};
  if (!options.sysroot.empty()) command.insert(command.end(), {"-L", options.sysroot});
  command.insert(command.end(), {"--isa", options.isa_text});
  if (options.strace) command.emplace_back("--strace");
  if (!guest_argv.empty()) command.insert(command.end(), {"-0", guest_argv.front()});
  command.push_back(host_program);
  if (!guest_argv.empty()) command.insert(command.end(), guest_argv.begin() + 1, guest_argv.end());
  return command;
}

/// The host argv to exec for the guest's execve(path, argv), or empty for a host program.
std::vector<std::string> exec_command(const RunOptions& options, const std::string& guest_path,
                                      const std::string& host_path,
                                      const std::vector<std::string>& argv) {
  std::string header = file_header(host_path);
  if (is_riscv64_elf(header)) return polyvm_command(options, host_path, argv);
  auto shebang = parse_shebang(header);
  if (!shebang) return {};
  std::string interpreter = sysroot_path(options.sysroot, shebang->interpreter);
  if (!is_riscv64_elf(file_header(interpreter))) return {};
  std::vector<std::string> script_argv{shebang->interpreter};
  if (!shebang->argument.empty()) script_argv.push_back(shebang->argument);
  script_argv.push_back(guest_path);
  if (!argv.empty()) script_argv.insert(script_argv.end(), argv.begin() + 1, argv.end());
  return polyvm_command(options, interpreter, script_argv);
}

std::optional<std::vector<std::string>> read_string_array(Thread& thread, u64 addr) {
  std::vector<std::string> strings;
  for (; addr != 0 && strings.size() < kMaxStrings; addr += sizeof(u64)) {
    u64 pointer = 0;
    if (!read_guest(thread, addr, pointer)) return std::nullopt;
    if (pointer == 0) return strings;
    auto text = read_guest_string(thread, pointer, 1 << 20);
    if (!text) return std::nullopt;
    strings.push_back(std::move(*text));
  }
  return strings;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

s64 sys_execve(Thread& thread, const SyscallArgs& a) {
  auto path = read_guest_string(thread, a[0], 4096);
  auto argv = read_string_array(thread, a[1]);
  auto envp = read_string_array(thread, a[2]);
  if (!path || !argv || !envp) return -EFAULT;
  const RunOptions& options = thread.process.options();
  std::string host_path = proc_self_file(*path) == ProcSelf::kExe
                              ? thread.process.exe_path
                              : sysroot_path(options.sysroot, *path);
  if (::access(host_path.c_str(), X_OK) != 0) return -errno;
  std::vector<std::string> command = exec_command(options, *path, host_path, *argv);
  if (command.empty()) {
    command = *argv;  // a host program: the host kernel runs it (and its #! line) itself
  } else {
    host_path = command.front();
  }
  auto command_pointers = c_strings(command);
  auto env_pointers = c_strings(*envp);
  std::fflush(nullptr);
  ::execve(host_path.c_str(), command_pointers.data(), env_pointers.data());
  return -errno;
}

}  // namespace

void register_exec_syscalls(SyscallTable& table) {
  using enum Arg;
  define_syscall(table, nr::execve, sys_execve, {kString, kPtr, kPtr});
}

}  // namespace polyvm::linux_user
