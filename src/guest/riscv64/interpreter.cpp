// The interpreter's frame around the dispatch loop: the decoded-page cache, code invalidation,
// and recovery from host faults on guest memory (SIGSEGV -> siglongjmp -> a fault Exit).
#include "guest/riscv64/interpreter.h"

#include <signal.h>

#include <atomic>
#include <cstring>

#include "guest/riscv64/code_invalidation.h"
#include "guest/riscv64/disasm.h"
#include "guest/riscv64/interpreter_impl.h"

namespace polyvm::guest::riscv64 {

namespace {

/// The FaultContext of the run() active on this thread, for the host signal handler.
thread_local FaultContext* t_fault = nullptr;

constexpr const char* kAbiNames[32] = {"zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2",
                                       "s0",   "s1", "a0",  "a1",  "a2", "a3", "a4", "a5",
                                       "a6",   "a7", "s2",  "s3",  "s4", "s5", "s6", "s7",
                                       "s8",   "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

/// Whether an F/D instruction may change the FP registers or fflags, and so must make mstatus.FS
/// Dirty (Priv 1.12, 3.1.6.6); moves to x, fclass and stores leave the FP state as it was.
bool changes_fp_state(Op op, Op runs_as) {
  const Ext ext = info(op).ext;
  if (ext != Ext::kF && ext != Ext::kD && ext != Ext::kCD) return false;
  switch (runs_as) {
    case Op::FMV_X_W:
    case Op::FMV_X_D:
    case Op::FCLASS_S:
    case Op::FCLASS_D:
    case Op::FSW:
    case Op::FSD:
      return false;
    default:
      return true;
  }
}

/// After siglongjmp out of the SIGSEGV/SIGBUS handler those signals are still blocked.
void unblock_fault_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGSEGV);
  sigaddset(&set, SIGBUS);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

Exit host_fault_exit(const FaultContext& ctx) {
  if (ctx.fetch_pc != ~u64{0}) return {ExitReason::kFetchFault, ctx.fetch_pc, ctx.fault_addr};
  // SAFETY: `access` is a Slot address from run_loop() with the write flag in bit 0.
  const auto* slot = reinterpret_cast<const Slot*>(ctx.access & ~std::uintptr_t{1});
  const bool writes = ctx.access & 1;
  const CodePage* page = ctx.page;
  const u64 pc = page->base + static_cast<u64>(slot - page->slots.data()) * 2;
  return {writes ? ExitReason::kStoreFault : ExitReason::kLoadFault, pc, ctx.fault_addr};
}

}  // namespace

CodePage* InterpreterCore::page_for(u64 tag, const void* decode_label, const void* end_label) {
  if (crossing) {
    crossing->handler = decode_label;
    crossing = nullptr;
  }
  if (const u64 now = code_epoch(); now != epoch) catch_up_with_invalidations(now);
  Recent& hit = recent[tag % recent.size()];
  if (hit.tag == tag) return hit.page;
  auto& page = pages[tag];
  if (!page) {
    page = std::make_unique<CodePage>();
    page->base = tag * kCodePageSize;
    for (Slot& slot : page->slots) slot.handler = decode_label;
    page->slots[kSlotsPerPage].handler = end_label;
    page->slots[kSlotsPerPage + 1].handler = end_label;
  }
  hit = {tag, page.get()};
  return page.get();
}

void InterpreterCore::catch_up_with_invalidations(u64 now) {
  checked_page = ~u64{0};  // permissions may have changed with the code
  std::vector<CodeRange> ranges;
  if (!code_invalidations_since(epoch, now, ranges)) {
    pages.clear();
  } else {
    for (const CodeRange& r : ranges) drop_pages(r.start, r.end);
  }
  recent.fill({});
  epoch = now;
}

void InterpreterCore::drop_pages(u64 start, u64 end) {
  if (end <= start) return;
  // an instruction at the end of the page before `start` may reach into the range
  const u64 first = start / kCodePageSize - (start >= kCodePageSize ? 1 : 0);
  const u64 last = (end - 1) / kCodePageSize;
  if (last - first < pages.size()) {
    for (u64 tag = first; tag <= last; ++tag) pages.erase(tag);
  } else {
    std::erase_if(pages,
                  [&](const auto& entry) { return entry.first >= first && entry.first <= last; });
  }
}

std::optional<u32> InterpreterCore::fetch(u64 pc) {
  if (pc > guest_limit - 2) return std::nullopt;
  fault->fetch_pc = pc;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  u16 low = 0, high = 0;
  // SAFETY: each half is checked against guest_limit first; an unmapped page faults on the
  // host and run() turns it into kFetchFault through fetch_pc.
  std::memcpy(&low, guest_base + pc, 2);
  const bool wide = instruction_length(low) == 4;
  if (wide && pc + 2 <= guest_limit - 2) std::memcpy(&high, guest_base + pc + 2, 2);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  fault->fetch_pc = ~u64{0};
  if (wide && pc + 2 > guest_limit - 2) return std::nullopt;
  return u32{high} << 16 | low;
}

bool InterpreterCore::executable_at(u64 pc) {
  if (!is_executable) return true;
  const u64 page = pc / kCodePageSize;
  if (page != checked_page) {
    checked_page = page;
    checked_page_executable = is_executable(page * kCodePageSize);
  }
  return checked_page_executable;
}

bool InterpreterCore::decode_into(Slot& slot, u64 pc, const void* const* labels,
                                  const void* const* near_labels) {
  if (!executable_at(pc)) return false;
  const std::optional<u32> raw = fetch(pc);
  if (!raw) return false;
  decode_word(slot, pc, *raw, labels, near_labels);
  return true;
}

void InterpreterCore::decode_word(Slot& slot, u64 pc, u32 raw, const void* const* labels,
                                  const void* const* near_labels, FpView fp,
                                  const void* fs_dirty_label) {
  IsaConfig view = isa;
  if (fp == FpView::kOff) view.f = view.d = false;  // Priv 1.12, 3.1.6.6: FS=Off
  const Decoded d = decode(raw, view);
  const void* handler = labels[static_cast<std::size_t>(d.op)];
  const u64 target = pc + static_cast<u64>(static_cast<s64>(d.ops.imm));
  if (const auto near = near_jump(d.op); near && target / kCodePageSize == pc / kCodePageSize) {
    handler = near_labels[static_cast<std::size_t>(*near)];
  }
  if (fp == FpView::kClean && d.op != Op::ILLEGAL && changes_fp_state(d.op, d.runs_as)) {
    handler = fs_dirty_label;
  }
  slot = Slot{handler, d.ops.imm, d.ops.rd, d.ops.rs1, d.ops.rs2};
  ++decoded;
  if (trace.in_asm) {
    const std::string hex =
        d.length == 2 ? fmt::format("{:04x}    ", raw & 0xffff) : fmt::format("{:08x}", raw);
    fmt::print(trace.out, "0x{:016x}:  {}  {}\n", pc, hex, disassemble(raw, pc, isa));
  }
}

// QEMU's -d cpu layout: pc, then x0..x31 four to a line.
void InterpreterCore::trace_cpu(const CpuState& cpu, u64 pc) const {
  std::string text = fmt::format(" {:<8} {:016x}\n", "pc", pc);
  for (int i = 0; i < 32; ++i) {
    text += fmt::format(" {:<8} {:016x}", fmt::format("x{}/{}", i, kAbiNames[i]), cpu.x[i]);
    if (i % 4 == 3) text += '\n';
  }
  fmt::print(trace.out, "{}", text);
}

Interpreter::Interpreter(const IsaConfig& isa, u8* guest_base, u64 guest_limit, TraceOptions trace)
    : impl_(std::make_unique<Impl>(Impl{{isa, guest_base, guest_limit, trace}})) {}

Interpreter::Interpreter(const IsaConfig& isa, system::SystemContext& system, TraceOptions trace)
    : impl_(std::make_unique<Impl>(Impl{{isa, nullptr, 0, trace, &system}})) {}

Interpreter::~Interpreter() = default;

Exit Interpreter::run(CpuState& cpu) {
  if (instrumented() != impl_->pages_instrumented) {
    impl_->drop_all_pages();
    impl_->pages_instrumented = instrumented();
  }
  if (impl_->sys) {  // no host faults to recover from: the MMU only hands out RAM
    return instrumented() ? run_loop<true, true>(*impl_, cpu) : run_loop<false, true>(*impl_, cpu);
  }
  FaultContext ctx;
  ctx.guest_base = impl_->guest_base;
  ctx.guest_limit = impl_->guest_limit;
  impl_->fault = &ctx;
  t_fault = &ctx;
  // SAFETY: recover_from_host_fault() jumps back here from the SIGSEGV/SIGBUS handler; nothing
  // with a destructor lives between this frame and the faulting access in run_loop().
  if (sigsetjmp(ctx.jump, 0) != 0) {
    t_fault = nullptr;
    impl_->fault = nullptr;
    unblock_fault_signals();
    const Exit exit = host_fault_exit(ctx);
    cpu.pc = exit.pc;
    return exit;
  }
  const Exit exit =
      instrumented() ? run_loop<true, false>(*impl_, cpu) : run_loop<false, false>(*impl_, cpu);
  t_fault = nullptr;
  impl_->fault = nullptr;
  return exit;
}

void Interpreter::invalidate_code(u64 addr, u64 length) {
  const u64 end = addr + length < addr ? ~u64{0} : addr + length;
  record_code_invalidation(addr, end);
}

bool Interpreter::recover_from_host_fault(const void* host_addr) {
  FaultContext* ctx = t_fault;
  if (ctx == nullptr) return false;
  const auto* p = static_cast<const u8*>(host_addr);
  if (p < ctx->guest_base || p >= ctx->guest_base + ctx->guest_limit) return false;
  ctx->fault_addr = static_cast<u64>(p - ctx->guest_base);
  // SAFETY: called from a SIGSEGV/SIGBUS handler on this thread while run() is active, which
  // set up ctx->jump; async-signal-safe.
  siglongjmp(ctx->jump, 1);
}

bool Interpreter::instrumented() const {
  return impl_->trace.cpu || impl_->hook;
}

u64 Interpreter::instructions_decoded() const {
  return impl_->decoded;
}

void Interpreter::set_instruction_hook(std::function<bool(const CpuState&, u64)> hook) {
  impl_->hook = std::move(hook);
}

void Interpreter::set_executable_check(std::function<bool(u64 addr)> is_executable) {
  impl_->is_executable = std::move(is_executable);
  impl_->checked_page = ~u64{0};
}

}  // namespace polyvm::guest::riscv64
