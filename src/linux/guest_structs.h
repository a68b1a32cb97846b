// riscv64 kernel struct layouts that differ from x86-64's or hold guest pointers.
#pragma once

#include <sys/stat.h>

#include "core/types.h"

namespace polyvm::linux_user {

// Layouts that are the same on riscv64 and x86-64 pass through untouched: statx, timespec,
// timeval, rlimit, utsname, sysinfo, rusage, tms, dirent64, statfs, termios (both use the
// asm-generic termbits with NCCS 19), winsize, sockaddr_*, cmsghdr, pollfd, struct flock.

/// struct stat from asm-generic/stat.h (riscv64); x86-64's differs in field order and size.
struct GuestStat {
  u64 st_dev;
  u64 st_ino;
  u32 st_mode;
  u32 st_nlink;
  u32 st_uid;
  u32 st_gid;
  u64 st_rdev;
  u64 pad1;
  s64 st_size;
  s32 st_blksize;
  s32 pad2;
  s64 st_blocks;
  s64 st_atime_sec;
  u64 st_atime_nsec;
  s64 st_mtime_sec;
  u64 st_mtime_nsec;
  s64 st_ctime_sec;
  u64 st_ctime_nsec;
  u32 unused4;
  u32 unused5;
};
static_assert(sizeof(GuestStat) == 128);

/// The riscv64 layout of a host stat result.
inline GuestStat to_guest_stat(const struct stat& st) {
  return GuestStat{
      .st_dev = st.st_dev,
      .st_ino = st.st_ino,
      .st_mode = st.st_mode,
      .st_nlink = static_cast<u32>(st.st_nlink),
      .st_uid = st.st_uid,
      .st_gid = st.st_gid,
      .st_rdev = st.st_rdev,
      .pad1 = 0,
      .st_size = st.st_size,
      .st_blksize = static_cast<s32>(st.st_blksize),
      .pad2 = 0,
      .st_blocks = st.st_blocks,
      .st_atime_sec = st.st_atim.tv_sec,
      .st_atime_nsec = static_cast<u64>(st.st_atim.tv_nsec),
      .st_mtime_sec = st.st_mtim.tv_sec,
      .st_mtime_nsec = static_cast<u64>(st.st_mtim.tv_nsec),
      .st_ctime_sec = st.st_ctim.tv_sec,
      .st_ctime_nsec = static_cast<u64>(st.st_ctim.tv_nsec),
      .unused4 = 0,
      .unused5 = 0,
  };
}

/// struct epoll_event: packed to 12 bytes on x86-64, naturally aligned (16) on riscv64.
struct GuestEpollEvent {
  u32 events;
  u32 pad;
  u64 data;
};
static_assert(sizeof(GuestEpollEvent) == 16);

/// struct iovec with a guest pointer.
struct GuestIovec {
  u64 base;
  u64 len;
};

/// struct msghdr with guest pointers (LP64 layout).
struct GuestMsghdr {
  u64 name;
  u32 namelen;
  u32 pad1;
  u64 iov;
  u64 iovlen;
  u64 control;
  u64 controllen;
  s32 flags;
  u32 pad2;
};
static_assert(sizeof(GuestMsghdr) == 56);

/// struct mmsghdr (sendmmsg/recvmmsg).
struct GuestMmsghdr {
  GuestMsghdr hdr;
  u32 len;
  u32 pad;
};
static_assert(sizeof(GuestMmsghdr) == 64);

}  // namespace polyvm::linux_user
