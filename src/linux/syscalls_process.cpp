// Process and thread system calls: clone (threads, fork, vfork), exit, wait, ids, robust lists.
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <future>
#include <memory>

#include "linux/run_loop.h"
#include "linux/signal_state.h"
#include "linux/syscall_support.h"
#include "linux/syscalls_process.h"
#include "linux/thread_exit.h"

namespace polyvm::linux_user {

namespace {

constexpr u64 kCsignal = 0xff;
constexpr u64 kRobustListHeadSize = 24;  // struct robust_list_head on riscv64

/// clone's arguments in riscv64 order (CONFIG_CLONE_BACKWARDS: flags, stack, ptid, tls, ctid).
struct CloneArgs {
  u64 flags;
  u64 stack;
  u64 parent_tid;
  u64 tls;
  u64 child_tid;
};

/// The new thread's or child's registers and tid words, as copy_process sets them up.
void set_up_child(Thread& child, const CloneArgs& args) {
  child.cpu.x[10] = 0;
  if (args.stack != 0) child.cpu.x[2] = args.stack;
  if (args.flags & CLONE_SETTLS) child.cpu.x[4] = args.tls;
  if (args.flags & CLONE_CHILD_SETTID) write_guest(child, args.child_tid, child.tid);
  child.clear_child_tid = (args.flags & CLONE_CHILD_CLEARTID) ? args.child_tid : 0;
  child.robust_list = 0;  // copy_process: a child starts without a robust list
  child.robust_list_len = 0;
}

struct ThreadStart {
  Thread& parent;
  CloneArgs args;
  u64 mask;
  std::promise<int> tid;
};

void* guest_thread_main(void* raw) {
  auto* start = static_cast<ThreadStart*>(raw);
  Process& process = start->parent.process;
  auto thread = std::make_unique<Thread>(process, static_cast<int>(::gettid()));
  thread->cpu = start->parent.cpu;
  set_up_child(*thread, start->args);
  if (start->args.flags & CLONE_PARENT_SETTID)
    write_guest(*thread, start->args.parent_tid, thread->tid);
  attach_thread(*thread);
  set_guest_mask(*thread, start->mask);
  process.gate().attach(*thread);  // before the parent returns, so a pause already sees it
  start->tid.set_value(thread->tid);  // `start` dies with the parent's syscall from here on
  run_thread(*thread);
  end_process(process.exit_status.load());
}

s64 clone_thread(Thread& parent, const CloneArgs& args) {
  ThreadStart start{parent, args, parent.blocked.load(), {}};
  auto tid = start.tid.get_future();
  pthread_attr_t attr;
  ::pthread_attr_init(&attr);
  ::pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  // The new host thread starts with every signal blocked until it is a guest thread.
  u64 all = ~u64{0};
  u64 old = 0;
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, kSigsetSize);
  count_new_thread();
  pthread_t handle;
  int error = ::pthread_create(&handle, &attr, guest_thread_main, &start);
  ::syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, nullptr, kSigsetSize);
  ::pthread_attr_destroy(&attr);
  if (error != 0) {
    uncount_thread();
    return -EAGAIN;
  }
  return tid.get();
}

/// fork: the child is this host thread's copy, alone in a copy of the process.
s64 clone_process(Thread& parent, const CloneArgs& args) {
  std::fflush(nullptr);  // polyvm's own buffered output (traces) must not be written twice
  pid_t pid = ::fork();
  if (pid == 0) {
    reset_thread_count_after_fork();
    parent.process.gate().disable_after_fork();
    parent.tid = static_cast<int>(::gettid());
    parent.pending.store(0);
    parent.process.shared_pending.store(0);
    set_up_child(parent, args);
    return 0;
  }
  if (pid < 0) return -errno;
  if (args.flags & CLONE_PARENT_SETTID) write_guest(parent, args.parent_tid, pid);
  return pid;
}

/// What a vfork child may change in the Thread and Process it borrows, which the parent gets
/// back when it resumes (the kernel gives the child its own copies of all but memory).
struct VforkParentState {
  guest::riscv64::CpuState cpu;
  u64 blocked;
  u64 pending;
  SigAltStack altstack;
  int tid;
  u64 clear_child_tid;
  u64 robust_list;
  u64 robust_list_len;
  std::array<GuestSigaction, kMaxSignal + 1> sigactions;
};

VforkParentState save_for_vfork(Thread& thread) {
  std::lock_guard lock(thread.process.sigaction_lock);
  return {thread.cpu,
          thread.blocked.load(),
          thread.pending.load(),
          thread.altstack,
          thread.tid,
          thread.clear_child_tid,
          thread.robust_list,
          thread.robust_list_len,
          thread.process.sigactions};
}

void restore_after_vfork(Thread& thread, const VforkParentState& state) {
  thread.cpu = state.cpu;
  thread.blocked.store(state.blocked);
  thread.pending.fetch_or(state.pending);
  thread.altstack = state.altstack;
  thread.tid = state.tid;
  thread.clear_child_tid = state.clear_child_tid;
  thread.robust_list = state.robust_list;
  thread.robust_list_len = state.robust_list_len;
  std::lock_guard lock(thread.process.sigaction_lock);
  thread.process.sigactions = state.sigactions;
}

struct VforkChild {
  Thread& thread;
  CloneArgs args;
};

int vfork_child_main(void* raw) {
  auto* child = static_cast<VforkChild*>(raw);
  Thread& thread = child->thread;
  thread.tid = static_cast<int>(::gettid());
  thread.pending.store(0);
  thread.gate.gated = false;  // the parent, in its vfork call, stays the gate's thread
  set_up_child(thread, child->args);
  run_thread(thread);  // ends in execve or exit, which end this host process
  ::syscall(SYS_exit_group, thread.process.exit_status.load());
  return 0;
}

/// vfork: a host vfork child sharing polyvm's memory runs the guest on the suspended parent's
/// Thread and interpreter until it execs or exits, so its writes to guest memory are the
/// parent's as natively (posix_spawn reports exec errors that way).
s64 clone_vfork(Thread& parent, const CloneArgs& args) {
  constexpr std::size_t kChildStackSize = 8 << 20;
  // SAFETY: a private host stack for the child, unmapped once the child has exec'd or exited.
  void* stack = ::mmap(nullptr, kChildStackSize, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return -ENOMEM;
  VforkParentState saved = save_for_vfork(parent);
  VforkChild child{parent, args};
  pid_t pid = ::clone(vfork_child_main, static_cast<u8*>(stack) + kChildStackSize,
                      CLONE_VM | CLONE_VFORK | SIGCHLD, &child);
  int error = errno;
  ::munmap(stack, kChildStackSize);
  restore_after_vfork(parent, saved);
  parent.gate.gated = true;
  if (pid < 0) return -error;
  if (args.flags & CLONE_PARENT_SETTID) write_guest(parent, args.parent_tid, pid);
  return pid;
}

s64 sys_clone(Thread& thread, const SyscallArgs& a) {
  CloneArgs args{a[0], a[1], a[2], a[3], a[4]};
  bool shares_memory = args.flags & CLONE_VM;
  bool is_vfork = args.flags & CLONE_VFORK;
  if ((args.flags & CLONE_THREAD) && !(args.flags & CLONE_SIGHAND)) return -EINVAL;
  if ((args.flags & CLONE_SIGHAND) && !shares_memory) return -EINVAL;
  if (shares_memory && !is_vfork) return clone_thread(thread, args);
  if ((args.flags & kCsignal) != SIGCHLD && (args.flags & kCsignal) != 0) return -EINVAL;
  return is_vfork ? clone_vfork(thread, args) : clone_process(thread, args);
}

s64 sys_clone3(Thread&, const SyscallArgs&) {
  return -ENOSYS;
}  // glibc falls back to clone

s64 sys_exit(Thread& thread, const SyscallArgs& a) {
  exit_thread(thread, static_cast<int>(a[0]));
}

s64 sys_exit_group(Thread& thread, const SyscallArgs& a) {
  exit_process(thread, static_cast<int>(a[0]));
  return 0;
}

s64 sys_wait4(Thread& thread, const SyscallArgs& a) {
  int status = 0;
  rusage usage{};
  pid_t pid =
      ::wait4(static_cast<pid_t>(a[0]), &status, static_cast<int>(a[2]), a[3] ? &usage : nullptr);
  if (pid < 0) return -errno;
  if (pid > 0 && a[1] && !write_guest(thread, a[1], status)) return -EFAULT;
  if (a[3] && !write_guest(thread, a[3], usage)) return -EFAULT;
  return pid;
}

s64 sys_waitid(Thread& thread, const SyscallArgs& a) {
  siginfo_t info{};
  rusage usage{};
  long r = ::syscall(SYS_waitid, a[0], a[1], &info, a[3], a[4] ? &usage : nullptr);
  if (r < 0) return -errno;
  if (a[2] && !write_guest(thread, a[2], info)) return -EFAULT;
  if (a[4] && !write_guest(thread, a[4], usage)) return -EFAULT;
  return r;
}

s64 sys_getpid(Thread&, const SyscallArgs&) {
  return ::getpid();
}
s64 sys_gettid(Thread& thread, const SyscallArgs&) {
  return thread.tid;
}

s64 sys_set_tid_address(Thread& thread, const SyscallArgs& a) {
  thread.clear_child_tid = a[0];
  return thread.tid;
}

s64 sys_set_robust_list(Thread& thread, const SyscallArgs& a) {
  if (a[1] != kRobustListHeadSize) return -EINVAL;
  thread.robust_list = a[0];
  thread.robust_list_len = a[1];
  return 0;
}

s64 sys_get_robust_list(Thread& thread, const SyscallArgs& a) {
  if (a[0] != 0 && static_cast<int>(a[0]) != thread.tid) return -ESRCH;
  if (!write_guest(thread, a[1], thread.robust_list)) return -EFAULT;
  return write_guest(thread, a[2], thread.robust_list_len) ? 0 : -EFAULT;
}

}  // namespace

void register_process_syscalls(SyscallTable& table) {
  using enum Arg;
  define_syscall(table, nr::clone, sys_clone, {kHex, kPtr, kPtr, kPtr, kPtr});
  define_syscall(table, nr::clone3, sys_clone3, {kPtr, kInt});
  define_syscall(table, nr::exit, sys_exit, {kInt}, true);
  define_syscall(table, nr::exit_group, sys_exit_group, {kInt}, true);
  define_syscall(table, nr::wait4, sys_wait4, {kInt, kPtr, kHex, kPtr});
  define_syscall(table, nr::waitid, sys_waitid, {kInt, kInt, kPtr, kHex, kPtr});
  define_syscall(table, nr::getpid, sys_getpid, {});
  define_syscall(table, nr::gettid, sys_gettid, {});
  define_syscall(table, nr::set_tid_address, sys_set_tid_address, {kPtr});
  define_syscall(table, nr::set_robust_list, sys_set_robust_list, {kPtr, kInt});
  define_syscall(table, nr::get_robust_list, sys_get_robust_list, {kInt, kPtr, kPtr});
  register_exec_syscalls(table);
  register_futex_syscalls(table);
}

}  // namespace polyvm::linux_user
