// The gdbstub's command layer against a fake target: what gdb asks at connection, registers,
// memory, breakpoints, resume actions, stop replies, and malformed packets answered, not fatal.
#include "control/gdb/gdb_session.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "control/gdb/riscv64_registers.h"
#include "guest/riscv64/cpu_state.h"

namespace polyvm::control::gdb {
namespace {

class FakeDebugTarget : public DebugTarget {
 public:
  std::string target_xml() const override { return riscv64::target_xml(); }
  std::vector<ThreadId> threads() override { return {0x10, 0x11}; }
  Result<std::vector<u8>> read_registers(ThreadId t) override { return riscv64::read_all(cpu(t)); }
  Result<void> write_registers(ThreadId t, std::span<const u8> bytes) override {
    if (!riscv64::write_all(cpus[t], bytes)) return fail("size");
    return {};
  }
  Result<std::vector<u8>> read_register(ThreadId t, int regno) override {
    auto bytes = riscv64::read_one(cpu(t), regno);
    if (!bytes) return fail("no register");
    return *bytes;
  }
  Result<void> write_register(ThreadId t, int regno, std::span<const u8> bytes) override {
    if (!riscv64::write_one(cpus[t], regno, bytes)) return fail("bad register");
    return {};
  }
  Result<void> set_pc(ThreadId t, u64 pc) override {
    cpus[t].pc = pc;
    return {};
  }
  Result<std::vector<u8>> read_memory(u64 addr, size_t length) override {
    if (addr < 0x1000 || addr >= 0x2000) return fail("unmapped");
    std::vector<u8> bytes;
    for (u64 a = addr; a < addr + length && a < 0x2000; ++a) bytes.push_back(memory[a]);
    return bytes;
  }
  Result<void> write_memory(u64 addr, std::span<const u8> bytes) override {
    if (addr < 0x1000 || addr + bytes.size() > 0x2000) return fail("unmapped");
    for (u8 byte : bytes) memory[addr++] = byte;
    return {};
  }
  Result<void> insert_breakpoint(BreakpointType type, u64 addr, u64 kind) override {
    calls.push_back(fmt::format("insert {} {:x} {}", static_cast<int>(type), addr, kind));
    return {};
  }
  Result<void> remove_breakpoint(BreakpointType type, u64 addr, u64 kind) override {
    calls.push_back(fmt::format("remove {} {:x} {}", static_cast<int>(type), addr, kind));
    return {};
  }
  void resume(const std::function<ResumeKind(ThreadId)>& action_for) override {
    std::string actions = "resume";
    for (ThreadId t : threads())
      actions += fmt::format(" {:x}:{}", t, static_cast<int>(action_for(t)));
    calls.push_back(actions);
  }
  void interrupt() override { calls.push_back("interrupt"); }
  std::optional<StopEvent> take_stop() override { return std::exchange(stop, std::nullopt); }
  void set_stop_listener(std::function<void()>) override {}
  void detach() override { calls.push_back("detach"); }
  void kill() override { calls.push_back("kill"); }

  guest::riscv64::CpuState& cpu(ThreadId t) { return cpus[t]; }

  std::map<ThreadId, guest::riscv64::CpuState> cpus;
  std::map<u64, u8> memory;
  std::vector<std::string> calls;
  std::optional<StopEvent> stop;
};

class GdbSessionTest : public ::testing::Test {
 protected:
  std::string ask(std::string_view packet) { return session_.handle(packet).value_or("<none>"); }

  FakeDebugTarget target_;
  GdbSession session_{target_};
};

TEST_F(GdbSessionTest, ConnectionQueries) {
  EXPECT_EQ(ask("qSupported:multiprocess+;swbreak+;xmlRegisters=i386"),
            "PacketSize=4000;qXfer:features:read+;QStartNoAckMode+;swbreak+;vContSupported+");
  EXPECT_TRUE(session_.ack_mode());
  EXPECT_EQ(ask("QStartNoAckMode"), "OK");
  EXPECT_FALSE(session_.ack_mode());
  EXPECT_EQ(ask("?"), "T05thread:10;");
  EXPECT_EQ(ask("qfThreadInfo"), "m10,11");
  EXPECT_EQ(ask("qsThreadInfo"), "l");
  EXPECT_EQ(ask("qC"), "QC10");
  EXPECT_EQ(ask("qAttached"), "1");
  EXPECT_EQ(ask("vCont?"), "vCont;c;C;s;S;t");
  EXPECT_EQ(ask("vMustReplyEmpty"), "");
  EXPECT_EQ(ask("T11"), "OK");
  EXPECT_EQ(ask("T99"), "E01");
}

TEST_F(GdbSessionTest, TargetXmlInChunksNamesTheRiscvFeatures) {
  std::string xml;
  for (u64 offset = 0;; offset += 0x100) {
    const std::string reply = ask(fmt::format("qXfer:features:read:target.xml:{:x},100", offset));
    ASSERT_FALSE(reply.empty());
    xml += reply.substr(1);
    if (reply[0] == 'l') break;
    ASSERT_EQ(reply[0], 'm');
  }
  EXPECT_EQ(xml, riscv64::target_xml());
  EXPECT_NE(xml.find("org.gnu.gdb.riscv.cpu"), std::string::npos);
  EXPECT_NE(xml.find("org.gnu.gdb.riscv.fpu"), std::string::npos);
  EXPECT_NE(xml.find("<reg name=\"fcsr\" bitsize=\"32\" type=\"int\" regnum=\"68\"/>"),
            std::string::npos);
  EXPECT_EQ(ask("qXfer:features:read:other.xml:0,100"), "E00");
}

TEST_F(GdbSessionTest, RegistersOfTheSelectedThread) {
  target_.cpu(0x11).x[10] = 0x1122334455667788;
  target_.cpu(0x11).pc = 0x10078;
  target_.cpu(0x11).frm = 3;
  target_.cpu(0x11).fflags = 1;
  EXPECT_EQ(ask("Hg11"), "OK");
  EXPECT_EQ(ask("pa"), "8877665544332211");
  EXPECT_EQ(ask("p20"), "7800010000000000");
  EXPECT_EQ(ask("p44"), "61000000");  // fcsr = frm << 5 | fflags
  EXPECT_EQ(ask("p41"), "E01");       // 65: not in the description
  const std::string all = ask("g");
  EXPECT_EQ(all.size(), 2u * (65 * 8 + 3 * 4));
  EXPECT_EQ(ask("P20=0001020000000000"), "OK");
  EXPECT_EQ(target_.cpu(0x11).pc, 0x20100u);
  EXPECT_EQ(ask("P0=0100000000000000"), "OK");
  EXPECT_EQ(target_.cpu(0x11).x[0], 0u);  // x0 stays zero
  EXPECT_EQ(ask("G" + all), "OK");
  EXPECT_EQ(target_.cpu(0x11).pc, 0x10078u);
  EXPECT_EQ(ask("G00"), "E01");
}

TEST_F(GdbSessionTest, MemoryReadsWritesAndBinaryWrites) {
  EXPECT_EQ(ask("M1000,4:deadbeef"), "OK");
  EXPECT_EQ(ask("m1000,4"), "deadbeef");
  EXPECT_EQ(ask("m1ffe,4"), "0000");  // partial at the end of the mapping
  EXPECT_EQ(ask("m0,4"), "E14");
  EXPECT_EQ(ask("X1000,0:"), "OK");
  EXPECT_EQ(ask(std::string("X1002,2:#}", 10)), "OK");
  EXPECT_EQ(ask("m1002,2"), "237d");
  EXPECT_EQ(ask("M1000,4:dead"), "E01");  // length mismatch
  EXPECT_EQ(ask("M3000,1:00"), "E14");
}

TEST_F(GdbSessionTest, BreakpointsAndWatchpointsReachTheTargetOthersAreUnsupported) {
  EXPECT_EQ(ask("Z0,10078,4"), "OK");
  EXPECT_EQ(ask("z0,10078,4"), "OK");
  EXPECT_EQ(ask("Z2,2000,8"), "OK");
  EXPECT_EQ(ask("Z1,10078,4"), "");
  EXPECT_EQ(ask("Z3,2000,8"), "");
  EXPECT_EQ(target_.calls,
            (std::vector<std::string>{"insert 0 10078 4", "remove 0 10078 4", "insert 2 2000 8"}));
}

TEST_F(GdbSessionTest, ResumeActionsAndStopReplies) {
  EXPECT_FALSE(session_.handle("vCont;s:11;c"));
  EXPECT_TRUE(session_.running());
  EXPECT_EQ(target_.calls.back(), "resume 10:0 11:1");
  EXPECT_FALSE(session_.target_stopped());
  target_.stop = StopEvent{.thread = 0x11, .software_breakpoint = true};
  EXPECT_EQ(session_.target_stopped(), "T05thread:11;swbreak:;");
  EXPECT_FALSE(session_.running());
  EXPECT_EQ(ask("?"), "T05thread:11;swbreak:;");
  EXPECT_FALSE(session_.handle("s"));
  EXPECT_EQ(target_.calls.back(), "resume 10:2 11:1");  // s: only the current thread
  target_.stop = StopEvent{.thread = 0x11, .watch_addr = 0x2000};
  EXPECT_EQ(session_.target_stopped(), "T05thread:11;watch:2000;");
  EXPECT_FALSE(session_.handle("vCont;c:10"));
  EXPECT_EQ(target_.calls.back(), "resume 10:0 11:2");
  session_.interrupt();
  EXPECT_EQ(target_.calls.back(), "interrupt");
  target_.stop = StopEvent{.kind = StopEvent::Kind::kExited, .exit_status = 7};
  EXPECT_EQ(session_.target_stopped(), "W07");
  EXPECT_FALSE(session_.handle("c"));
  target_.stop = StopEvent{.kind = StopEvent::Kind::kKilled, .signal = 11};
  EXPECT_EQ(session_.target_stopped(), "X0b");
}

TEST_F(GdbSessionTest, DetachAndKillFinishTheSession) {
  EXPECT_EQ(ask("D"), "OK");
  EXPECT_TRUE(session_.finished());
  GdbSession other(target_);
  EXPECT_FALSE(other.handle("k"));
  EXPECT_TRUE(other.finished());
  EXPECT_EQ(target_.calls, (std::vector<std::string>{"detach", "kill"}));
}

TEST_F(GdbSessionTest, MalformedPacketsGetErrorsNeverCrashes) {
  for (std::string_view packet : {"H",
                                  "Hx",
                                  "Hgzz",
                                  "p",
                                  "pzz",
                                  "P1",
                                  "P1=zz",
                                  "m",
                                  "m1000",
                                  "m,",
                                  "mzz,1",
                                  "m1000,zzz",
                                  "M1000,2",
                                  "Z",
                                  "Z0",
                                  "Z0,1",
                                  "Z0,zz,1",
                                  "vCont;",
                                  "vCont;x",
                                  "vCont;s:zz",
                                  "qXfer:features:read:target.xml",
                                  "qXfer:features:read:target.xml:zz,1",
                                  "Cxx;zz",
                                  "czz",
                                  "T"}) {
    const std::string reply = session_.handle(packet).value_or("");
    EXPECT_TRUE(reply.empty() || reply[0] == 'E') << packet << " -> " << reply;
  }
  std::mt19937 random(7);
  for (int round = 0; round < 5000; ++round) {
    std::string packet(random() % 24, '\0');
    for (char& c : packet) c = "gGpPmMXZzHTqvc?,:;=0123456789abcdefx-"[random() % 37];
    if (packet.starts_with('k') || packet.starts_with('D')) continue;
    session_.handle(packet);
  }
}

}  // namespace
}  // namespace polyvm::control::gdb
