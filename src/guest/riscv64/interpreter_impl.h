// The interpreter's internals shared by its files: decoded-page cache, slots and fault context.
#pragma once

#include <array>
#include <csetjmp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>

#include "guest/riscv64/decoder.h"
#include "guest/riscv64/interpreter.h"
#include "guest/riscv64/system/system_context.h"

namespace polyvm::guest::riscv64 {

inline constexpr u64 kCodePageSize = 4096;
inline constexpr u32 kSlotsPerPage = kCodePageSize / 2;

/// One decoded instruction: its handler (a label in the run loop) and operands. Every 2-byte
/// position of a page has a slot; it starts as "decode me" and is filled when first reached.
/// 16 bytes, so slot arithmetic is shifts. The handler knows the instruction's length.
struct Slot {
  const void* handler = nullptr;
  s32 imm = 0;  ///< for F/D rows with a rounding mode: rm | rs3 << 8 (formats.h)
  u8 rd = 0, rs1 = 0, rs2 = 0;
};
static_assert(sizeof(Slot) == 16);

/// The decoded form of one guest code page, plus two sentinel slots past its end that lead to
/// the next page (an instruction at the last 2 or 4 bytes steps onto one of them).
struct CodePage {
  u64 base = 0;
  std::array<Slot, kSlotsPerPage + 2> slots;
};

/// The pc-relative jumps that have a twin handler for targets on their own page, which decode
/// picks from a second label table indexed by this.
enum class NearJump : u8 { kJal, kBeq, kBne, kBlt, kBge, kBltu, kBgeu, kCJ, kCBeqz, kCBnez };
inline constexpr std::size_t kNearJumpCount = 10;

/// The NearJump row of `op`, if it is a pc-relative jump.
constexpr std::optional<NearJump> near_jump(Op op) {
  switch (op) {
    case Op::JAL:
      return NearJump::kJal;
    case Op::BEQ:
      return NearJump::kBeq;
    case Op::BNE:
      return NearJump::kBne;
    case Op::BLT:
      return NearJump::kBlt;
    case Op::BGE:
      return NearJump::kBge;
    case Op::BLTU:
      return NearJump::kBltu;
    case Op::BGEU:
      return NearJump::kBgeu;
    case Op::C_J:
      return NearJump::kCJ;
    case Op::C_BEQZ:
      return NearJump::kCBeqz;
    case Op::C_BNEZ:
      return NearJump::kCBnez;
    default:
      return std::nullopt;
  }
}

/// What run() leaves behind for the host fault handler and reads back after siglongjmp.
struct FaultContext {
  sigjmp_buf jump;
  u8* guest_base = nullptr;
  u64 guest_limit = 0;
  /// The slot of the instruction doing a memory access, with bit 0 set if it writes memory.
  volatile std::uintptr_t access = 0;
  CodePage* volatile page = nullptr;  ///< the page that slot belongs to
  volatile u64 fetch_pc = ~u64{0};    ///< set while decode reads guest code
  volatile u64 fault_addr = 0;        ///< guest address of the host fault
};

/// Everything one Interpreter owns; Interpreter::Impl is this (kept out of the class so the
/// run loop, a free function, can name it).
struct InterpreterCore {
  IsaConfig isa;
  u8* guest_base;
  u64 guest_limit;
  TraceOptions trace;
  system::SystemContext* sys = nullptr;  ///< system mode: the hart's privileged side
  /// System mode: the slot holding an instruction that crosses into the next page. Its
  /// decoding depends on that page's mapping too, so it is undone at the next page change
  /// (which every sfence.vma and satp write makes) and decoded again when next reached.
  Slot* crossing = nullptr;
  /// Which run_loop instance filled `pages`: slots hold label addresses of that instance, so
  /// switching between the plain and the instrumented loop starts from an empty cache.
  bool pages_instrumented = false;
  void drop_all_pages() {
    pages.clear();
    recent.fill({});
    crossing = nullptr;
  }
  std::function<bool(const CpuState&, u64)> hook;  ///< set_instruction_hook()

  std::unordered_map<u64, std::unique_ptr<CodePage>> pages;
  struct Recent {
    u64 tag = ~u64{0};
    CodePage* page = nullptr;
  };
  std::array<Recent, 64> recent;  ///< direct-mapped in front of `pages`
  u64 epoch = 0;                  ///< the code epoch `pages` was decoded in
  u64 decoded = 0;
  FaultContext* fault = nullptr;  ///< non-null while run() is active

  std::function<bool(u64)> is_executable;  ///< empty: every page executes
  u64 checked_page = ~u64{0};              ///< the page is_executable last answered for
  bool checked_page_executable = false;
  /// Whether code at pc may run: the executable check, asked once per page and epoch.
  bool executable_at(u64 pc);

  /// The decoded page of cache key `tag` (user mode: pc's page number; system mode: the host
  /// page and the FP view), created with every slot set to `decode_label` (and the sentinels to
  /// `end_label`) if new. Flushes everything first if code was invalidated.
  CodePage* page_for(u64 tag, const void* decode_label, const void* end_label);
  /// Reads and decodes the instruction at `pc` into `slot`, with the handler from `labels` (by
  /// Op) or, for a jump whose target is on pc's page, from `near_labels` (by NearJump); false if
  /// the fetch is outside the guest space or not executable (a host fault on an unmapped page
  /// unwinds instead).
  bool decode_into(Slot& slot, u64 pc, const void* const* labels, const void* const* near_labels);
  /// Decodes `raw`, the instruction at pc, into `slot` as decode_into() does. In system mode
  /// `fp` says how mstatus.FS lets F/D instructions run: kOff decodes them as illegal, kClean
  /// gives them `fs_dirty_label` (which marks FS dirty and decodes again).
  enum class FpView : u8 { kDirty, kOff, kClean };
  void decode_word(Slot& slot, u64 pc, u32 raw, const void* const* labels,
                   const void* const* near_labels, FpView fp = FpView::kDirty,
                   const void* fs_dirty_label = nullptr);
  /// Drops the pages that invalidations up to epoch `now` touched (all of them if the log
  /// no longer reaches back to `epoch`).
  void catch_up_with_invalidations(u64 now);
  void drop_pages(u64 start, u64 end);
  /// The instruction word at pc (a compressed one in the low half); nullopt if it reaches past
  /// guest_limit. An unmapped page unwinds run() with kFetchFault instead.
  std::optional<u32> fetch(u64 pc);
  void trace_cpu(const CpuState& cpu, u64 pc) const;
};

/// The dispatch loop (run_loop.cpp), instantiated with and without per-instruction
/// instrumentation (trace, hook) and for user or system mode.
template <bool kInstrumented, bool kSystem>
Exit run_loop(InterpreterCore& impl, CpuState& cpu);

enum class CsrOp : u8 { kWrite, kSet, kClear };

/// The value csrrw/csrrs/csrrc leave in a CSR that held old_value.
constexpr u64 apply_csr_op(CsrOp op, u64 old_value, u64 operand) {
  switch (op) {
    case CsrOp::kWrite:
      return operand;
    case CsrOp::kSet:
      return old_value | operand;
    case CsrOp::kClear:
      return old_value & ~operand;
  }
  return old_value;
}

/// csrrw/csrrs/csrrc (and the i forms) on a user-mode CSR (Unpriv 9.1, 10.1, 11.2): reads it into
/// old_value and, if `writes`, applies `operand`. False if the CSR does not exist or is read-only.
bool csr_access(CpuState& cpu, const IsaConfig& isa, u32 csr, u64 instret, CsrOp op, bool writes,
                u64 operand, u64& old_value);

enum class CsrOutcome : u8 {
  kIllegal,
  kDone,
  kReplan,  ///< translation or interrupt state may have changed: re-fetch and re-check
};

/// A CSR access in system mode (Priv 1.12): privilege and read-only checks, the M and S CSRs,
/// and the user CSRs behind their FS and counter-enable gates.
CsrOutcome system_csr_access(system::SystemContext& ctx, CpuState& cpu, const IsaConfig& isa,
                             u32 csr, u64 instret, CsrOp op, bool writes, u64 operand,
                             u64& old_value);

struct Interpreter::Impl : InterpreterCore {};

}  // namespace polyvm::guest::riscv64
