// Ending guest threads and processes on their host threads, as the kernel's do_exit does.
#include "linux/thread_exit.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "linux/syscall_support.h"
#include "linux/thread.h"

namespace polyvm::linux_user {

namespace {

std::atomic<int> g_live_threads{1};
std::function<void(int, int)> g_exit_observer;
std::atomic<bool> g_exit_notified{false};
/// The guest process's host pid; a vfork child (which shares this memory) has another.
pid_t g_process_pid = ::getpid();

bool in_vfork_child() {
  return ::getpid() != g_process_pid;
}

/// A vfork child shares the parent's memory, counters and stdio buffers: it only leaves.
void leave_if_vfork_child(int status) {
  if (in_vfork_child()) ::syscall(SYS_exit_group, status & 0xff);
}

constexpr u32 kFutexTidMask = 0x3fffffff;
constexpr u32 kFutexOwnerDied = 0x40000000;
constexpr u32 kFutexWaiters = 0x80000000;
constexpr int kRobustListLimit = 2048;  // ROBUST_LIST_LIMIT

/// handle_futex_death: a robust futex the dying thread owns gets OWNER_DIED and one waiter woken.
void release_robust_futex(Thread& thread, u64 addr) {
  u8* word = guest_ptr(thread, addr, sizeof(u32), PROT_READ | PROT_WRITE);
  if (word == nullptr || addr % alignof(u32) != 0) return;
  // SAFETY: a 4-byte aligned writable guest word that other threads lock with atomics.
  auto* futex = reinterpret_cast<std::atomic<u32>*>(word);
  u32 value = futex->load();
  do {
    if ((value & kFutexTidMask) != static_cast<u32>(thread.tid)) return;
  } while (!futex->compare_exchange_weak(value, (value & kFutexWaiters) | kFutexOwnerDied));
  if (value & kFutexWaiters) ::syscall(SYS_futex, word, FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

/// exit_robust_list: struct robust_list_head {next, futex_offset, list_op_pending}; entries
/// link through `next`, bit 0 of a pointer marks a PI futex.
void release_robust_list(Thread& thread) {
  struct Head {
    u64 next;
    s64 futex_offset;
    u64 pending;
  } head;
  if (thread.robust_list == 0 || !read_guest(thread, thread.robust_list, head)) return;
  u64 entry = head.next & ~u64{1};
  for (int i = 0; entry != thread.robust_list && i < kRobustListLimit; ++i) {
    u64 next = 0;
    if (!read_guest(thread, entry, next)) return;
    if (entry != (head.pending & ~u64{1})) release_robust_futex(thread, entry + head.futex_offset);
    entry = next & ~u64{1};
  }
  if (head.pending != 0) release_robust_futex(thread, (head.pending & ~u64{1}) + head.futex_offset);
}

void clear_child_tid(Thread& thread) {
  if (thread.clear_child_tid == 0) return;
  u8* word = guest_ptr(thread, thread.clear_child_tid, sizeof(u32), PROT_WRITE);
  if (word == nullptr || thread.clear_child_tid % alignof(u32) != 0) return;
  // SAFETY: a 4-byte aligned writable guest word; other threads wait on it with futex.
  auto* tid_word = reinterpret_cast<std::atomic<u32>*>(word);
  tid_word->store(0);
  ::syscall(SYS_futex, word, FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

}  // namespace

void set_exit_observer(std::function<void(int status, int signal)> observer) {
  g_exit_observer = std::move(observer);
}

void notify_exit(int status, int signal) {
  if (!g_exit_observer || g_exit_notified.exchange(true)) return;
  g_exit_observer(status, signal);
}

void end_process(int status) {
  notify_exit(status, 0);
  std::fflush(nullptr);
  ::syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

void count_new_thread() {
  g_live_threads.fetch_add(1);
}

void uncount_thread() {
  g_live_threads.fetch_sub(1);
}

void reset_thread_count_after_fork() {
  g_live_threads.store(1);
  g_process_pid = ::getpid();
  g_exit_observer = nullptr;  // the controller's threads and sockets stay with the parent
}

void exit_thread(Thread& thread, int status) {
  leave_if_vfork_child(status);
  release_robust_list(thread);
  clear_child_tid(thread);
  thread.process.gate().detach(thread);
  if (g_live_threads.fetch_sub(1) == 1) end_process(status & 0xff);
  if (thread.tid == ::getpid()) {
    // The main host thread holds the Process on its stack: end it without unwinding, as a
    // thread group leader that exits first stays a zombie until the group ends.
    ::syscall(SYS_exit, 0);
  }
  ::pthread_exit(nullptr);
}

void exit_process(Thread& thread, int status) {
  leave_if_vfork_child(status);
  thread.process.exit_status.store(status & 0xff);
  thread.process.exiting.store(true, std::memory_order_release);
  if (g_live_threads.load() > 1 || thread.tid != ::getpid()) end_process(status & 0xff);
}

}  // namespace polyvm::linux_user
