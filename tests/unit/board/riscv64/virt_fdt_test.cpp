// The generated virt device tree read back with libfdt, compared node by node with the tree
// QEMU 7.2 dumps (fixtures/riscv64/qemu-virt-reference.dtb), and decompiled by dtc as an outside
// check that the blob is well formed.
#include "board/riscv64/virt_fdt.h"

#include <libfdt.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>

namespace polyvm::board::riscv64 {
namespace {

using namespace std::string_view_literals;

std::vector<u8> build(const VirtFdtConfig& config) {
  auto blob = build_virt_fdt(config);
  EXPECT_TRUE(blob) << blob.error().message;
  return blob ? *blob : std::vector<u8>{};
}

int path(const std::vector<u8>& fdt, const char* node) {
  return fdt_path_offset(fdt.data(), node);
}

std::string prop_string(const std::vector<u8>& fdt, const char* node, const char* name) {
  int len = 0;
  const auto* value =
      static_cast<const char*>(fdt_getprop(fdt.data(), path(fdt, node), name, &len));
  return value ? std::string(value, len > 0 ? len - 1 : 0) : "<missing>";
}

std::vector<u32> prop_cells(const std::vector<u8>& fdt, const char* node, const char* name) {
  int len = 0;
  const auto* value =
      static_cast<const fdt32_t*>(fdt_getprop(fdt.data(), path(fdt, node), name, &len));
  std::vector<u32> cells;
  for (int i = 0; value && i < len / 4; ++i) cells.push_back(fdt32_to_cpu(value[i]));
  return cells;
}

TEST(VirtFdt, HeaderIsValidAndTheBlobPacked) {
  const auto fdt = build({});
  ASSERT_EQ(fdt_check_header(fdt.data()), 0);
  EXPECT_EQ(fdt_totalsize(fdt.data()), fdt.size());
  EXPECT_LT(fdt.size(), 4096u);
}

TEST(VirtFdt, MemoryNodeCoversTheConfiguredRam) {
  const auto fdt = build({.ram_size = u64{256} << 20});
  EXPECT_EQ(prop_string(fdt, "/memory@80000000", "device_type"), "memory");
  EXPECT_EQ(prop_cells(fdt, "/memory@80000000", "reg"),
            (std::vector<u32>{0, 0x80000000, 0, 0x10000000}));
}

TEST(VirtFdt, CpuNodesCarryIsaMmuAndAnInterruptController) {
  const auto fdt = build({.harts = 2, .isa = virt_isa_string(true)});
  EXPECT_EQ(prop_cells(fdt, "/cpus", "timebase-frequency"), std::vector<u32>{10'000'000});
  for (const char* cpu : {"/cpus/cpu@0", "/cpus/cpu@1"}) {
    EXPECT_EQ(prop_string(fdt, cpu, "status"), "okay");
    EXPECT_EQ(prop_string(fdt, cpu, "compatible"), "riscv");
    EXPECT_EQ(prop_string(fdt, cpu, "riscv,isa"), "rv64imafdc_zicsr_zifencei_zba_zbb_zbs_sstc");
    EXPECT_EQ(prop_string(fdt, cpu, "mmu-type"), "riscv,sv48");
    const std::string intc = std::string(cpu) + "/interrupt-controller";
    EXPECT_EQ(prop_cells(fdt, intc.c_str(), "#interrupt-cells"), std::vector<u32>{1});
    EXPECT_EQ(prop_string(fdt, intc.c_str(), "compatible"), "riscv,cpu-intc");
  }
  EXPECT_EQ(prop_cells(fdt, "/cpus/cpu@1", "reg"), std::vector<u32>{1});
  EXPECT_EQ(prop_cells(fdt, "/cpus/cpu-map/cluster0/core1", "cpu"),
            prop_cells(fdt, "/cpus/cpu@1", "phandle"));
  EXPECT_EQ(virt_isa_string(false).find('h'), std::string::npos);
}

TEST(VirtFdt, InterruptsExtendedListEveryHartsControllerInQemuOrder) {
  const auto fdt = build({.harts = 2});
  const u32 intc0 = prop_cells(fdt, "/cpus/cpu@0/interrupt-controller", "phandle").at(0);
  const u32 intc1 = prop_cells(fdt, "/cpus/cpu@1/interrupt-controller", "phandle").at(0);
  EXPECT_NE(intc0, intc1);
  // Priv 1.12 mip bits: MSIP 3, MTIP 7 on the CLINT; MEIP 11, SEIP 9 on the PLIC.
  EXPECT_EQ(prop_cells(fdt, "/soc/clint@2000000", "interrupts-extended"),
            (std::vector<u32>{intc0, 3, intc0, 7, intc1, 3, intc1, 7}));
  EXPECT_EQ(prop_cells(fdt, "/soc/plic@c000000", "interrupts-extended"),
            (std::vector<u32>{intc0, 11, intc0, 9, intc1, 11, intc1, 9}));
  EXPECT_EQ(prop_cells(fdt, "/soc/plic@c000000", "riscv,ndev"), std::vector<u32>{96});
}

TEST(VirtFdt, DevicesHangOffThePlicWithQemuSourceNumbers) {
  const auto fdt = build({});
  const auto plic = prop_cells(fdt, "/soc/plic@c000000", "phandle");
  EXPECT_EQ(prop_string(fdt, "/soc/serial@10000000", "compatible"), "ns16550a");
  EXPECT_EQ(prop_cells(fdt, "/soc/serial@10000000", "interrupts"), std::vector<u32>{10});
  EXPECT_EQ(prop_cells(fdt, "/soc/serial@10000000", "clock-frequency"), std::vector<u32>{0x384000});
  EXPECT_EQ(prop_cells(fdt, "/soc/serial@10000000", "interrupt-parent"), plic);
  for (u32 slot = 0; slot < 8; ++slot) {
    const std::string name = fmt::format("/soc/virtio_mmio@{:x}", 0x10001000 + slot * 0x1000);
    EXPECT_EQ(prop_string(fdt, name.c_str(), "compatible"), "virtio,mmio");
    EXPECT_EQ(prop_cells(fdt, name.c_str(), "interrupts"), std::vector<u32>{slot + 1});
    EXPECT_EQ(prop_cells(fdt, name.c_str(), "interrupt-parent"), plic);
  }
}

TEST(VirtFdt, OnlyTheRequestedVirtioSlotsAppear) {
  const auto fdt = build({.virtio_slots = 0x80});
  EXPECT_GE(path(fdt, "/soc/virtio_mmio@10008000"), 0);
  EXPECT_EQ(path(fdt, "/soc/virtio_mmio@10001000"), -FDT_ERR_NOTFOUND);
}

TEST(VirtFdt, PoweroffAndRebootPointAtTheTestDevice) {
  const auto fdt = build({});
  const auto test = prop_cells(fdt, "/soc/test@100000", "phandle");
  EXPECT_EQ(prop_cells(fdt, "/poweroff", "regmap"), test);
  EXPECT_EQ(prop_cells(fdt, "/poweroff", "value"), std::vector<u32>{0x5555});
  EXPECT_EQ(prop_cells(fdt, "/reboot", "regmap"), test);
  EXPECT_EQ(prop_cells(fdt, "/reboot", "value"), std::vector<u32>{0x7777});
  EXPECT_EQ(prop_string(fdt, "/reboot", "compatible"), "syscon-reboot");
  EXPECT_EQ(prop_string(fdt, "/soc/test@100000", "compatible"),
            std::string("sifive,test1\0sifive,test0\0syscon"sv));
}

TEST(VirtFdt, ChosenHoldsBootargsStdoutAndTheInitrd) {
  const auto fdt = build(
      {.bootargs = "console=ttyS0 earlycon=sbi", .initrd = InitrdRange{0x88200000, 0x8823c459}});
  EXPECT_EQ(prop_string(fdt, "/chosen", "bootargs"), "console=ttyS0 earlycon=sbi");
  EXPECT_EQ(prop_string(fdt, "/chosen", "stdout-path"), "/soc/serial@10000000");
  EXPECT_EQ(prop_cells(fdt, "/chosen", "linux,initrd-start"), (std::vector<u32>{0, 0x88200000}));
  EXPECT_EQ(prop_cells(fdt, "/chosen", "linux,initrd-end"), (std::vector<u32>{0, 0x8823c459}));
  const auto bare = build({});
  EXPECT_EQ(prop_string(bare, "/chosen", "bootargs"), "<missing>");
  EXPECT_EQ(prop_string(bare, "/chosen", "linux,initrd-start"), "<missing>");
}

TEST(VirtFdt, LongCommandLinesAndManyHartsGrowTheBuffer) {
  const auto fdt = build({.harts = 512, .bootargs = std::string(10000, 'x')});
  ASSERT_EQ(fdt_check_header(fdt.data()), 0);
  EXPECT_GE(path(fdt, "/cpus/cpu@1ff"), 0);
  EXPECT_EQ(prop_string(fdt, "/chosen", "bootargs").size(), 10000u);
}

TEST(VirtFdt, BadConfigurationsAreRefused) {
  EXPECT_FALSE(build_virt_fdt({.harts = 0}));
  EXPECT_FALSE(build_virt_fdt({.harts = 513}));
  EXPECT_FALSE(build_virt_fdt({.isa = "rv32imac"}));
  EXPECT_FALSE(build_virt_fdt({.initrd = InitrdRange{0x2000, 0x1000}}));
}

// --- against QEMU's own tree ---

using PropMap = std::map<std::string, std::string>;

void collect(const void* fdt, int offset, const std::string& at,
             std::map<std::string, PropMap>& out) {
  PropMap& props = out[at.empty() ? "/" : at];
  int prop = 0;
  fdt_for_each_property_offset(prop, fdt, offset) {
    const char* name = nullptr;
    int len = 0;
    const auto* value = static_cast<const char*>(fdt_getprop_by_offset(fdt, prop, &name, &len));
    props[name] = std::string(value, len);
  }
  int child = 0;
  fdt_for_each_subnode(child, fdt, offset) {
    collect(fdt, child, at + "/" + fdt_get_name(fdt, child, nullptr), out);
  }
}

std::map<std::string, PropMap> all_nodes(const void* fdt) {
  std::map<std::string, PropMap> nodes;
  collect(fdt, 0, "", nodes);
  return nodes;
}

std::vector<u8> read_reference() {
  std::ifstream in(POLYVM_FIXTURES_DIR "/riscv64/qemu-virt-reference.dtb", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool skipped(const std::string& node) {
  for (const char* prefix :
       {"/flash@", "/soc/rtc@", "/soc/pci@", "/fw-cfg@", "/platform-bus@", "/pmu"}) {
    if (node.starts_with(prefix)) return true;
  }
  return false;
}

TEST(VirtFdt, NodesAndPropertiesMatchQemusTreeExceptWhatWeDoNotEmulate) {
  const auto reference = read_reference();
  if (reference.empty()) GTEST_SKIP() << "no fixtures at " POLYVM_FIXTURES_DIR;
  ASSERT_EQ(fdt_check_header(reference.data()), 0);
  auto expected = all_nodes(reference.data());
  std::erase_if(expected, [](const auto& entry) { return skipped(entry.first); });
  // QEMU's /chosen has a random rng-seed and, without -kernel, no bootargs.
  expected["/chosen"].erase("rng-seed");
  // Our harts have no H extension and no Sstc unless asked.
  expected["/cpus/cpu@0"]["riscv,isa"] = std::string(kVirtIsa) + '\0';

  const auto ours = all_nodes(build({}).data());
  std::set<std::string> expected_names, our_names;
  for (const auto& [name, props] : expected) expected_names.insert(name);
  for (const auto& [name, props] : ours) our_names.insert(name);
  ASSERT_EQ(our_names, expected_names);
  for (const auto& [name, props] : expected) {
    EXPECT_EQ(ours.at(name), props) << "node " << name;
  }
}

TEST(VirtFdt, DtcDecompilesTheBlob) {
  if (std::system("command -v dtc >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "dtc not installed (Debian device-tree-compiler)";
  }
  const auto fdt = build({.harts = 2, .bootargs = "console=ttyS0", .initrd = InitrdRange{1, 2}});
  const auto dir = std::filesystem::temp_directory_path();
  const auto dtb = dir / fmt::format("polyvm_virt_{}.dtb", ::getpid());
  const auto dts = dir / fmt::format("polyvm_virt_{}.dts", ::getpid());
  std::ofstream(dtb, std::ios::binary)
      .write(reinterpret_cast<const char*>(fdt.data()), static_cast<std::streamsize>(fdt.size()));
  const std::string command =
      fmt::format("dtc -q -I dtb -O dts -o {} {}", dts.string(), dtb.string());
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(dts);
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  EXPECT_NE(text.find("serial@10000000 {"), std::string::npos) << text;
  EXPECT_NE(text.find("bootargs = \"console=ttyS0\";"), std::string::npos);
  std::filesystem::remove(dtb);
  std::filesystem::remove(dts);
}

}  // namespace
}  // namespace polyvm::board::riscv64

namespace polyvm::board::riscv64 {
namespace {

// The strongest outside oracle: QEMU boots the fixture OpenSBI + Linux + init with our tree in
// place of its own (-dtb), so the firmware and the kernel find every device through it. Our isa
// has no Sstc, so Linux must also fall back to SBI timers and still reach user space.
TEST(VirtFdtUnderQemu, OpenSbiAndLinuxBootToUserSpaceWithOurTree) {
  const std::string fixtures = POLYVM_FIXTURES_DIR "/riscv64";
  if (std::system("command -v qemu-system-riscv64 >/dev/null 2>&1") != 0 ||
      !std::filesystem::exists(fixtures + "/Image.gz")) {
    GTEST_SKIP() << "needs qemu-system-riscv64 (Debian qemu-system-misc) and the fixtures";
  }
  const auto dir =
      std::filesystem::temp_directory_path() / fmt::format("polyvm_qemu_{}", ::getpid());
  std::filesystem::create_directories(dir);
  const auto fdt = build({.ram_size = u64{256} << 20, .bootargs = "console=ttyS0 panic=-1"});
  std::ofstream((dir / "virt.dtb").string(), std::ios::binary)
      .write(reinterpret_cast<const char*>(fdt.data()), static_cast<std::streamsize>(fdt.size()));
  const std::string command = fmt::format(
      "cd {0} && gunzip -c {1}/Image.gz > Image && timeout 60 qemu-system-riscv64 -M virt -m 256 "
      "-nographic -bios {1}/firmware/fw_jump.bin -kernel Image -initrd "
      "{1}/initramfs-init.cpio.gz -append 'console=ttyS0 panic=-1' -dtb virt.dtb </dev/null "
      ">console.log 2>&1",
      dir.string(), fixtures);
  const int status = std::system(command.c_str());
  std::ifstream in(dir / "console.log");
  const std::string log{std::istreambuf_iterator<char>(in), {}};
  std::filesystem::remove_all(dir);
  EXPECT_EQ(status, 0) << log;
  EXPECT_NE(log.find("Platform Name             : riscv-virtio,qemu"), std::string::npos) << log;
  EXPECT_NE(log.find("ttyS0 at MMIO 0x10000000"), std::string::npos) << log;
  EXPECT_NE(log.find("fixture-init: result crc32_1MiB=0x665310df"), std::string::npos) << log;
  EXPECT_NE(log.find("reboot: Power down"), std::string::npos) << log;
  EXPECT_EQ(log.find("via sstc"), std::string::npos) << "Linux used Sstc we did not advertise";
}

}  // namespace
}  // namespace polyvm::board::riscv64

namespace polyvm::board::riscv64 {
namespace {

TEST(VirtMemoryMap, TheFirstVirtioDeviceGetsTheHighestSlot) {
  static_assert(virtio_slot_base(virtio_slot_of_device(0)) == 0x10008000);  // fixtures README
  static_assert(virtio_slot_base(virtio_slot_of_device(1)) == 0x10007000);
  static_assert(kVirtioFirstIrq + virtio_slot_of_device(0) == 8);
  SUCCEED();
}

}  // namespace
}  // namespace polyvm::board::riscv64
