// Starting a guest process: reserve, load, build the stack, run the main thread (like execve).
#include "linux/user_mode.h"

#include <sys/prctl.h>
#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "linux/elf_loader.h"
#include "linux/guest_paths.h"
#include "linux/initial_stack.h"
#include "linux/run_loop.h"
#include "linux/signal_state.h"
#include "linux/signals.h"
#include "linux/thread.h"
#include "linux/thread_exit.h"

namespace polyvm::linux_user {

namespace {

/// The kernel keeps at least this much between the stack top and mmap_base (mm/util.c, MIN_GAP).
constexpr u64 kMinStackGap = 128ull << 20;

/// The main program and, for dynamic programs, the dynamic linker, mapped.
struct LoadedProgram {
  LoadedElf main;
  LoadedElf interp;
  bool has_interp = false;
};

Result<LoadedElf> load_interpreter(Process& process, const std::string& interp) {
  const std::string& sysroot = process.options().sysroot;
  std::string path = sysroot_path(sysroot, interp);
  if (::access(path.c_str(), F_OK) != 0) {
    std::string looked = sysroot.empty() ? path : fmt::format("{}{} and {}", sysroot, interp, path);
    return fail("dynamic linker {} not found (looked for {}); give the riscv64 sysroot with -L",
                interp, looked);
  }
  auto elf = open_elf(path);
  if (!elf) return fail("dynamic linker: {}", elf.error().message);
  return map_elf(process.memory(), elf->image, elf->fd, /*top_down=*/true);
}

Result<LoadedProgram> load_program(Process& process) {
  auto elf = open_elf(process.options().program);
  if (!elf) return std::unexpected(elf.error());
  LoadedProgram program;
  auto main = map_elf(process.memory(), elf->image, elf->fd, /*top_down=*/false);
  if (!main) return std::unexpected(main.error());
  program.main = *main;
  if (!elf->image.interpreter.empty()) {
    auto interp = load_interpreter(process, elf->image.interpreter);
    if (!interp) return std::unexpected(interp.error());
    program.interp = *interp;
    program.has_interp = true;
  }
  return program;
}

StackContents stack_contents(const Process& process, const LoadedProgram& program) {
  const RunOptions& options = process.options();
  StackContents c;
  c.argv = options.argv.empty() ? std::vector<std::string>{options.program} : options.argv;
  c.envp = options.envp;
  c.execfn = options.program;
  c.phdr = program.main.phdr;
  c.phnum = program.main.phnum;
  c.entry = program.main.entry;
  c.interp_base = program.has_interp ? program.interp.base : 0;
  c.hwcap = options.isa.hwcap();
  if (::getrandom(c.random.data(), c.random.size(), 0) != static_cast<ssize_t>(c.random.size())) {
    c.random.fill(0x5a);
  }
  return c;
}

std::string absolute_path(const std::string& path) {
  std::error_code ec;
  auto canonical = std::filesystem::canonical(path, ec);
  return ec ? path : canonical.string();
}

/// The kernel names a process after its program (comm, in /proc/self/stat and ps); polyvm's
/// host process takes the guest program's name, at most 15 bytes, as execve would give it.
void name_host_thread_after(const std::string& program) {
  std::string name = std::filesystem::path(program).filename().string().substr(0, 15);
  ::prctl(PR_SET_NAME, name.c_str(), 0, 0, 0);
}

void print_stats(const Thread& thread) {
  fmt::print(stderr, "polyvm: {} instructions retired, {} decoded\n", thread.cpu.instret,
             thread.interpreter.instructions_decoded());
}

}  // namespace

Result<int> run_program(RunOptions options, const RunController& controller) {
  auto space = mem::GuestSpace::reserve(kGuestSpaceSize);
  if (!space) return std::unexpected(space.error());
  auto process = std::make_unique<Process>(std::move(options), std::move(*space));
  MemoryMap& memory = process->memory();

  u64 stack_top = kGuestSpaceSize;
  u64 stack_size = stack_size_from_rlimit();
  memory.set_mmap_top(stack_top - std::max(stack_size, kMinStackGap));

  auto program = load_program(*process);
  if (!program) return std::unexpected(program.error());
  memory.set_brk_start(program->main.end);
  process->exe_path = absolute_path(process->options().program);
  process->entry = program->main.entry;
  process->interp_base = program->has_interp ? program->interp.base : 0;

  auto stack =
      build_initial_stack(memory, stack_top, stack_size, stack_contents(*process, *program));
  if (!stack) return std::unexpected(stack.error());
  process->auxv_image = std::move(stack->auxv_image);
  name_host_thread_after(process->options().program);

  install_host_signal_handlers(*process);
  if (controller.started) {
    if (auto started = controller.started(*process); !started) return std::unexpected(started.error());
  }
  Thread main(*process, static_cast<int>(::gettid()));
  main.cpu.pc = program->has_interp ? program->interp.entry : program->main.entry;
  main.cpu.x[2] = stack->sp;
  attach_thread(main);
  process->gate().attach(main);
  run_thread(main);
  process->gate().detach(main);
  if (process->options().stats) print_stats(main);
  notify_exit(process->exit_status.load(), 0);
  return process->exit_status.load();
}

}  // namespace polyvm::linux_user
