// The privileged state of one riscv64 hart (Priv 1.12, ch. 3 and 4): privilege mode, the machine
// and supervisor CSRs, and their field layouts.
#pragma once

#include <array>
#include <atomic>

#include "core/types.h"
#include "guest/riscv64/mmu/pte.h"

namespace polyvm::guest::riscv64::system {

using mmu::Privilege;

/// CSR numbers (Priv 1.12, 2.2, tables 2.2-2.5).
namespace csr {
enum : u32 {
  kSstatus = 0x100,
  kSie = 0x104,
  kStvec = 0x105,
  kScounteren = 0x106,
  kSenvcfg = 0x10a,
  kSscratch = 0x140,
  kSepc = 0x141,
  kScause = 0x142,
  kStval = 0x143,
  kSip = 0x144,
  kSatp = 0x180,
  kMstatus = 0x300,
  kMisa = 0x301,
  kMedeleg = 0x302,
  kMideleg = 0x303,
  kMie = 0x304,
  kMtvec = 0x305,
  kMcounteren = 0x306,
  kMenvcfg = 0x30a,
  kMcountinhibit = 0x320,
  kMhpmevent3 = 0x323,
  kMhpmevent31 = 0x33f,
  kMscratch = 0x340,
  kMepc = 0x341,
  kMcause = 0x342,
  kMtval = 0x343,
  kMip = 0x344,
  kPmpcfg0 = 0x3a0,
  kPmpcfg15 = 0x3af,
  kPmpaddr0 = 0x3b0,
  kPmpaddr63 = 0x3ef,
  kMcycle = 0xb00,
  kMinstret = 0xb02,
  kMhpmcounter3 = 0xb03,
  kMhpmcounter31 = 0xb1f,
  kCycle = 0xc00,
  kTime = 0xc01,
  kInstret = 0xc02,
  kHpmcounter3 = 0xc03,
  kHpmcounter31 = 0xc1f,
  kMvendorid = 0xf11,
  kMarchid = 0xf12,
  kMimpid = 0xf13,
  kMhartid = 0xf14,
  kMconfigptr = 0xf15,
};
}  // namespace csr

/// mstatus fields (Priv 1.12, 3.1.6, figure 3.7).
namespace mstatus {
constexpr u64 kSie = u64{1} << 1;
constexpr u64 kMie = u64{1} << 3;
constexpr u64 kSpie = u64{1} << 5;
constexpr u64 kMpie = u64{1} << 7;
constexpr u64 kSpp = u64{1} << 8;
constexpr unsigned kMppShift = 11;
constexpr u64 kMpp = u64{3} << kMppShift;
constexpr unsigned kFsShift = 13;
constexpr u64 kFs = u64{3} << kFsShift;
constexpr u64 kXs = u64{3} << 15;
constexpr u64 kMprv = u64{1} << 17;
constexpr u64 kSum = u64{1} << 18;
constexpr u64 kMxr = u64{1} << 19;
constexpr u64 kTvm = u64{1} << 20;
constexpr u64 kTw = u64{1} << 21;
constexpr u64 kTsr = u64{1} << 22;
constexpr u64 kUxl = u64{3} << 32;
constexpr u64 kSxl = u64{3} << 34;
constexpr u64 kSd = u64{1} << 63;
/// UXL = SXL = 2: U and S are RV64, read-only (3.1.6.2).
constexpr u64 kXlen64 = u64{2} << 32 | u64{2} << 34;
/// The fields a write to mstatus may change.
constexpr u64 kWritable =
    kSie | kMie | kSpie | kMpie | kSpp | kMpp | kFs | kMprv | kSum | kMxr | kTvm | kTw | kTsr;
/// The view sstatus gives of mstatus (4.1.1).
constexpr u64 kSstatusView = kSie | kSpie | kSpp | kFs | kXs | kSum | kMxr | kUxl | kSd;
constexpr u64 kSstatusWritable = kSie | kSpie | kSpp | kFs | kSum | kMxr;
/// FS values (3.1.6.6).
enum Fs : u64 { kFsOff = 0, kFsInitial = 1, kFsClean = 2, kFsDirty = 3 };
}  // namespace mstatus

/// Interrupt numbers, the bits of mip/mie (3.1.9), in the priority order of 3.1.9:
/// MEI, MSI, MTI, SEI, SSI, STI.
namespace irq {
constexpr unsigned kSsi = 1, kMsi = 3, kSti = 5, kMti = 7, kSei = 9, kMei = 11;
constexpr std::array<unsigned, 6> kPriority{kMei, kMsi, kMti, kSei, kSsi, kSti};
constexpr u64 bit(unsigned n) {
  return u64{1} << n;
}
constexpr u64 kSupervisorBits = bit(kSsi) | bit(kSti) | bit(kSei);
constexpr u64 kAllBits = kSupervisorBits | bit(kMsi) | bit(kMti) | bit(kMei);
}  // namespace irq

/// Exception causes (3.1.15, table 3.6).
enum class Exception : u64 {
  kFetchMisaligned = 0,
  kFetchAccessFault = 1,
  kIllegalInstruction = 2,
  kBreakpoint = 3,
  kLoadMisaligned = 4,
  kLoadAccessFault = 5,
  kStoreMisaligned = 6,
  kStoreAccessFault = 7,
  kEcallFromU = 8,
  kEcallFromS = 9,
  kEcallFromM = 11,
  kFetchPageFault = 12,
  kLoadPageFault = 13,
  kStorePageFault = 15,
};
/// medeleg's writable bits: every exception above but ecall from M (3.1.8).
constexpr u64 kDelegableExceptions = 0xb3ff;
constexpr u64 kInterruptBit = u64{1} << 63;

/// A trap about to be taken: mcause/scause value (interrupt bit included) and tval.
struct Trap {
  u64 cause = 0;
  u64 tval = 0;
};

/// The privileged registers of one hart. mip's device-driven bits (MSIP, MTIP, MEIP, and SEIP as
/// the PLIC drives it) live in `mip_lines`, written by other threads; the software-writable bits
/// (SSIP, STIP, and SEIP as M-mode writes it) in `mip_soft` (3.1.9).
struct PrivState {
  Privilege priv = Privilege::kMachine;  // reset in M-mode (3.4)
  u64 mstatus = mstatus::kXlen64;
  u64 medeleg = 0, mideleg = 0, mie = 0, mip_soft = 0;
  std::atomic<u64> mip_lines{0};
  u64 mtvec = 0, stvec = 0;
  u64 mepc = 0, sepc = 0, mcause = 0, scause = 0, mtval = 0, stval = 0;
  u64 mscratch = 0, sscratch = 0;
  u64 mcounteren = 0, scounteren = 0, mcountinhibit = 0;
  u64 menvcfg = 0, senvcfg = 0;
  u64 mhartid = 0;
  std::array<u8, 64> pmpcfg{};
  std::array<u64, 64> pmpaddr{};

  u64 mip() const { return mip_lines.load(std::memory_order_acquire) | mip_soft; }
  mstatus::Fs fs() const {
    return static_cast<mstatus::Fs>((mstatus & mstatus::kFs) >> mstatus::kFsShift);
  }
};

}  // namespace polyvm::guest::riscv64::system
