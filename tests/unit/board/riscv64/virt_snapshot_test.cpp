// Snapshots of the whole virt machine: a restored machine saves the same state it was restored
// from, and every bad file (truncated, corrupt, other version, other machine) is refused with
// the machine left exactly as it was.
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "board/riscv64/virt_machine.h"
#include "core/snapshot_file.h"

namespace polyvm::board::riscv64 {
namespace {

// Firmware: counts t0 to 200000, storing it at 0x8000_0400 each time, then powers off through
// the syscon (0x5555 to 0x10_0000). riscv64-linux-gnu-as -march=rv64i, objcopy -O binary.
constexpr u32 kFirmware[] = {
    0x00000397,  // auipc t2, 0
    0x00000293,  // li t0, 0
    0x00031e37,  // lui t3, 0x31
    0xd40e0e1b,  // addiw t3, t3, -704
    0x00128293,  // loop: addi t0, t0, 1
    0x4053b023,  // sd t0, 1024(t2)
    0xffc29ce3,  // bne t0, t3, loop
    0x00100eb7,  // lui t4, 0x100
    0x00005f37,  // lui t5, 5
    0x555f0f13,  // addi t5, t5, 0x555
    0x01eea023,  // sw t5, 0(t4)
    0x0000006f,  // j .
};

using Sections = std::map<std::string, std::vector<u8>>;

class VirtSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("polyvm_virt_snapshot_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    std::ofstream(path("fw.bin"), std::ios::binary)
        .write(reinterpret_cast<const char*>(kFirmware), sizeof kFirmware);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  VirtOptions options(u64 ram_mib = 16) const {
    VirtOptions o;
    o.files.firmware = path("fw.bin");
    o.ram_size = ram_mib << 20;
    o.serial.kind = SerialOption::Kind::kNull;
    return o;
  }

  std::unique_ptr<VirtMachine> make(const VirtOptions& o) {
    auto machine = VirtMachine::create(o);
    EXPECT_TRUE(machine) << machine.error().message;
    return machine ? std::move(*machine) : nullptr;
  }

  /// A snapshot's sections, the CLINT's mtime (its last 8 bytes) left out: it moves with the
  /// host clock between a restore and the next save.
  static Sections sections(const std::string& file_path) {
    auto file = SnapshotFile::read(file_path);
    EXPECT_TRUE(file) << file.error().message;
    Sections out;
    if (!file) return out;
    for (const auto& v : file->sections()) {
      std::vector<u8> bytes(v.data.begin(), v.data.end());
      if (v.name == "clint") bytes.resize(bytes.size() - 8);
      out[v.name] = std::move(bytes);
    }
    return out;
  }

  std::vector<u8> read_bytes(const std::string& name) const {
    std::ifstream in(path(name), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void write_bytes(const std::string& name, const std::vector<u8>& bytes) const {
    std::ofstream(path(name), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
  }

  std::string read_text(const std::string& name) const {
    const std::vector<u8> bytes = read_bytes(name);
    return {bytes.begin(), bytes.end()};
  }

  std::filesystem::path dir_;
};

TEST_F(VirtSnapshotTest, ARestoredMachineHoldsExactlyTheSavedState) {
  auto machine = make(options());
  ASSERT_TRUE(machine);
  ASSERT_TRUE(machine->save_snapshot(path("reset.snap")));
  auto result = machine->run();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->exit_code, 0);
  ASSERT_TRUE(machine->save_snapshot(path("done.snap")));
  const Sections reset = sections(path("reset.snap"));
  const Sections done = sections(path("done.snap"));
  ASSERT_NE(reset.at("hart.0"), done.at("hart.0"));
  ASSERT_NE(reset.at("ram"), done.at("ram"));

  auto loaded = machine->load_snapshot(path("reset.snap"));
  ASSERT_TRUE(loaded) << loaded.error().message;
  ASSERT_TRUE(machine->save_snapshot(path("again.snap")));
  EXPECT_EQ(sections(path("again.snap")), reset);

  auto fresh = make(options());
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(fresh->load_snapshot(path("done.snap")));
  ASSERT_TRUE(fresh->save_snapshot(path("fresh.snap")));
  EXPECT_EQ(sections(path("fresh.snap")), done);
}

TEST_F(VirtSnapshotTest, EveryBadFileIsRefusedAndChangesNothing) {
  auto machine = make(options());
  ASSERT_TRUE(machine);
  ASSERT_TRUE(machine->run());
  ASSERT_TRUE(machine->save_snapshot(path("done.snap")));
  const Sections before = sections(path("done.snap"));
  auto other = make(options());
  ASSERT_TRUE(other);
  ASSERT_TRUE(other->save_snapshot(path("good.snap")));  // at reset: differs from `machine`
  const std::vector<u8> good = read_bytes("good.snap");

  std::vector<u8> truncated(good.begin(), good.end() - 100);
  write_bytes("truncated.snap", truncated);
  std::vector<u8> corrupt = good;
  corrupt[good.size() / 2] ^= 4;
  write_bytes("corrupt.snap", corrupt);
  std::vector<u8> version = good;
  version[8] += 1;
  write_bytes("version.snap", version);
  std::vector<u8> magic = good;
  magic[1] = 'X';
  write_bytes("magic.snap", magic);
  write_bytes("empty.snap", {});
  auto good_file = SnapshotFile::read(path("good.snap"));
  ASSERT_TRUE(good_file);
  std::vector<SnapshotSection> extra, no_uart;
  for (const auto& v : good_file->sections()) {
    extra.push_back({v.name, {v.data.begin(), v.data.end()}});
    if (v.name != "uart") no_uart.push_back(extra.back());
  }
  extra.push_back({"gpu", {1}});
  ASSERT_TRUE(write_snapshot_file(path("extra.snap"), extra));
  ASSERT_TRUE(write_snapshot_file(path("no_uart.snap"), no_uart));

  VirtOptions bigger = options(32);
  VirtOptions two_harts = options();
  two_harts.harts = 2;
  VirtOptions with_rng = options();
  with_rng.devices.push_back({.kind = DeviceOption::Kind::kVirtioRng});
  VirtOptions small_isa = options();
  small_isa.isa = *guest::riscv64::IsaConfig::parse("rv64imac");
  int n = 0;
  for (const VirtOptions& o : {bigger, two_harts, with_rng, small_isa}) {
    auto m = make(o);
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->save_snapshot(path(fmt::format("machine{}.snap", n++))));
  }

  const std::pair<const char*, const char*> cases[] = {
      {"truncated.snap", "truncated"},
      {"corrupt.snap", "checksum"},
      {"version.snap", "format version"},
      {"magic.snap", "not a polyvm snapshot"},
      {"empty.snap", "not a polyvm snapshot"},
      {"missing.snap", "cannot open"},
      {"machine0.snap", "ram 32 MiB there, 16 MiB here"},
      {"machine1.snap", "harts 2 there"},
      {"machine2.snap", "virtio device ids by slot"},
      {"machine3.snap", "isa rv64imac"},
      {"extra.snap", "section 'gpu' this machine has no part for"},
      {"no_uart.snap", "no section 'uart'"},
  };
  for (const auto& [name, message] : cases) {
    auto loaded = machine->load_snapshot(path(name));
    ASSERT_FALSE(loaded) << name;
    EXPECT_NE(loaded.error().message.find(message), std::string::npos)
        << name << ": " << loaded.error().message;
  }
  ASSERT_TRUE(machine->save_snapshot(path("after.snap")));
  EXPECT_EQ(sections(path("after.snap")), before);
}

/// The fixture's console without what differs between uninterrupted runs too: timestamps, the
/// timed line, and the lines of Linux's asynchronous initramfs unpacking ("Unpacking
/// initramfs...", "Freeing initrd memory"), which land elsewhere from run to run.
std::string comparable(const std::string& console) {
  std::string out;
  for (std::size_t at = 0; at < console.size();) {
    const std::size_t end = std::min(console.find('\n', at), console.size() - 1) + 1;
    std::string line = console.substr(at, end - at);
    at = end;
    // "[    0.316202] " -> "[T] "
    const std::size_t close = line.find("] ");
    if (line.starts_with("[") && close != std::string::npos &&
        line.find_first_not_of(" 0123456789.", 1) == close) {
      line = "[T] " + line.substr(close + 2);
    }
    if (line.find("Unpacking initramfs...") != std::string::npos ||
        line.find("Freeing initrd memory") != std::string::npos ||
        line.find("fixture-init: compute took") != std::string::npos) {
      continue;
    }
    out += line;
  }
  return out;
}

class VirtSnapshotLinuxTest : public VirtSnapshotTest {
 protected:
  void SetUp() override {
    VirtSnapshotTest::SetUp();
    const std::string fixtures = POLYVM_FIXTURES_DIR "/riscv64/";
    if (!std::filesystem::exists(fixtures + "Image.gz") ||
        !std::filesystem::exists(kDefaultFirmware)) {
      GTEST_SKIP() << "needs the fixtures and Debian's OpenSBI";
    }
    gzFile in = gzopen((fixtures + "Image.gz").c_str(), "rb");
    ASSERT_TRUE(in);
    std::ofstream out(path("Image"), std::ios::binary);
    char buffer[1 << 16];
    for (int n; (n = gzread(in, buffer, sizeof buffer)) > 0;) out.write(buffer, n);
    gzclose(in);
    linux_.files = {kDefaultFirmware, path("Image"), fixtures + "initramfs-init.cpio.gz"};
    linux_.append = "console=ttyS0 earlycon=sbi panic=-1";
    linux_.ram_size = u64{256} << 20;
  }
  VirtOptions with_console(const std::string& name) const {
    VirtOptions o = linux_;
    o.serial = {SerialOption::Kind::kFile, path(name)};
    return o;
  }
  VirtOptions linux_;
};

// Issue 5's end-to-end in one process (tests/system/snapshot_test.py does it across processes):
// saved mid-boot, restored into a new machine, the boot completes, and the console of both
// halves is the console of an uninterrupted boot. Prints the save and restore times of 256 MiB.
TEST_F(VirtSnapshotLinuxTest, SavedMidBootAndRestoredElsewhereTheBootCompletesTheSame) {
  using Clock = std::chrono::steady_clock;
  auto first = make(with_console("first.txt"));
  ASSERT_TRUE(first);
  std::thread runner([&] { ASSERT_TRUE(first->run()); });
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  while (read_text("first.txt").find("Run /init as init process") == std::string::npos &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_TRUE(first->pause(std::chrono::milliseconds(2000)));
  const auto save_start = Clock::now();
  auto saved = first->save_snapshot(path("mid.snap"));
  const auto save_time = Clock::now() - save_start;
  first->request_stop(0);
  first->resume();
  runner.join();
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(read_text("first.txt").find("reboot: Power down"), std::string::npos)
      << "saved too late: the boot had finished";

  auto second = make(with_console("second.txt"));
  ASSERT_TRUE(second);
  const auto load_start = Clock::now();
  auto loaded = second->load_snapshot(path("mid.snap"));
  const auto load_time = Clock::now() - load_start;
  ASSERT_TRUE(loaded) << loaded.error().message;
  auto result = second->run();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->exit_code, 0);

  auto whole = make(with_console("whole.txt"));
  ASSERT_TRUE(whole);
  ASSERT_TRUE(whole->run());
  const std::string resumed = read_text("first.txt") + read_text("second.txt");
  EXPECT_NE(resumed.find("reboot: Power down"), std::string::npos);
  EXPECT_EQ(comparable(resumed), comparable(read_text("whole.txt")));

  using std::chrono::duration_cast, std::chrono::milliseconds;
  std::printf("256 MiB guest: save %lld ms, restore %lld ms, file %llu KiB\n",
              static_cast<long long>(duration_cast<milliseconds>(save_time).count()),
              static_cast<long long>(duration_cast<milliseconds>(load_time).count()),
              static_cast<unsigned long long>(std::filesystem::file_size(path("mid.snap")) >> 10));
}

}  // namespace
}  // namespace polyvm::board::riscv64
