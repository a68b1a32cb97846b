// Boot images placed as QEMU 7.2 places them (fixtures/README.md: kernel at 0x80200000 after
// fw_jump, initrd at 0x88200000 with 256 MiB, DTB at 0x87e00000 with 128 MiB), with the
// fixture firmware, kernel and initramfs, and the broken files users pass by mistake.
#include "board/riscv64/boot_images.h"

#include <elf.h>
#include <libfdt.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "board/riscv64/image_formats.h"

namespace polyvm::board::riscv64 {
namespace {

namespace fs = std::filesystem;
constexpr u64 kMiB = u64{1} << 20;
const std::string kFixtures = POLYVM_FIXTURES_DIR "/riscv64";

// Anonymous memory, so a 256 MiB guest costs only the pages the test touches.
class TestRam {
 public:
  explicit TestRam(u64 size) : size_(size) {
    // SAFETY: a private anonymous mapping owned by this object and unmapped in the destructor.
    data_ = static_cast<u8*>(::mmap(nullptr, size, PROT_READ | PROT_WRITE,
                                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0));
  }
  ~TestRam() { ::munmap(data_, size_); }
  TestRam(const TestRam&) = delete;
  TestRam& operator=(const TestRam&) = delete;
  GuestRam view() const { return {std::span(data_, size_), PAddr{kRamBase}}; }
  std::span<const u8> at(u64 paddr, u64 size) const { return {data_ + (paddr - kRamBase), size}; }

 private:
  u64 size_;
  u8* data_;
};

std::vector<u8> read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class BootImagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fmt::format("polyvm_boot_{}_{}", ::getpid(), counter_++);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void need_fixtures() {
    if (!fs::exists(kFixtures + "/firmware/fw_jump.bin")) GTEST_SKIP() << "no " << kFixtures;
  }
  std::string write(const std::string& name, const std::vector<u8>& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  // The fixture kernel is gzip'd, as distributions ship it; unpack it like a user would.
  std::string gunzipped_image() {
    const std::string path = (dir_ / "Image").string();
    const std::string command = fmt::format("gunzip -c {}/Image.gz > {}", kFixtures, path);
    if (std::system(command.c_str()) != 0) return {};
    return path;
  }
  fs::path dir_;
  static inline int counter_ = 0;
};

// A minimal riscv64 ELF executable: one PT_LOAD of `code` at `paddr` with `bss` zero bytes.
std::vector<u8> make_elf(u64 paddr, const std::vector<u8>& code, u64 bss, u16 machine = EM_RISCV) {
  Elf64_Ehdr eh{};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_EXEC;
  eh.e_machine = machine;
  eh.e_version = EV_CURRENT;
  eh.e_entry = paddr + 4;
  eh.e_phoff = sizeof eh;
  eh.e_ehsize = sizeof eh;
  eh.e_phentsize = sizeof(Elf64_Phdr);
  eh.e_phnum = 1;
  Elf64_Phdr ph{};
  ph.p_type = PT_LOAD;
  ph.p_offset = sizeof eh + sizeof ph;
  ph.p_vaddr = ph.p_paddr = paddr;
  ph.p_filesz = code.size();
  ph.p_memsz = code.size() + bss;
  std::vector<u8> file(sizeof eh + sizeof ph + code.size());
  std::memcpy(file.data(), &eh, sizeof eh);
  std::memcpy(file.data() + sizeof eh, &ph, sizeof ph);
  std::ranges::copy(code, file.begin() + sizeof eh + sizeof ph);
  return file;
}

TEST_F(BootImagesTest, FlatFirmwareGoesToTheStartOfRamAndTheKernelTo0x80200000) {
  need_fixtures();
  TestRam ram(128 * kMiB);
  const auto firmware = load_firmware(kFixtures + "/firmware/fw_jump.bin", ram.view());
  ASSERT_TRUE(firmware) << firmware.error().message;
  EXPECT_EQ(firmware->start.value, 0x80000000u);
  EXPECT_EQ(firmware->entry.value, 0x80000000u);
  EXPECT_EQ(firmware->end.value, 0x80000000u + 115328);
  const auto bytes = read(kFixtures + "/firmware/fw_jump.bin");
  EXPECT_TRUE(std::ranges::equal(ram.at(0x80000000, bytes.size()), bytes));
  EXPECT_EQ(kernel_load_address(ram.view(), *firmware), 0x80200000u);
  EXPECT_EQ(kernel_load_address(ram.view(), std::nullopt), 0x80000000u);
}

TEST_F(BootImagesTest, LinuxImageLoadsAt0x80200000AndReservesItsBss) {
  need_fixtures();
  const std::string image = gunzipped_image();
  ASSERT_FALSE(image.empty());
  const auto bytes = read(image);
  const auto header = parse_riscv_image_header(bytes);
  ASSERT_TRUE(header && *header);
  EXPECT_EQ((*header)->text_offset, 0x200000u);
  EXPECT_EQ((*header)->image_size, 0x2c0000u);  // fixtures README
  TestRam ram(128 * kMiB);
  const auto kernel = load_kernel(image, ram.view(), 0x80200000, {});
  ASSERT_TRUE(kernel) << kernel.error().message;
  EXPECT_EQ(kernel->entry.value, 0x80200000u);
  EXPECT_EQ(kernel->end.value, 0x80200000u + 0x2c0000);
  EXPECT_TRUE(std::ranges::equal(ram.at(0x80200000, bytes.size()), bytes));
}

TEST_F(BootImagesTest, InitrdGoesHalfwayUpSmallRamAnd128MiBUpLargeRam) {
  need_fixtures();
  const std::string initrd = kFixtures + "/initramfs-init.cpio.gz";
  const LoadedImage kernel{"kernel", PAddr{0x80200000}, PAddr{0x804c0000}, PAddr{0x80200000}};
  TestRam small(128 * kMiB), large(256 * kMiB);
  const auto in_small = load_initrd(initrd, small.view(), kernel, {});
  ASSERT_TRUE(in_small) << in_small.error().message;
  EXPECT_EQ(in_small->start.value, 0x84200000u);
  const auto in_large = load_initrd(initrd, large.view(), kernel, {});
  ASSERT_TRUE(in_large) << in_large.error().message;
  EXPECT_EQ(in_large->start.value, 0x88200000u);  // what QEMU did with -m 256
  const auto bytes = read(initrd);
  EXPECT_EQ(in_large->end.value - in_large->start.value, bytes.size());
  EXPECT_TRUE(std::ranges::equal(large.at(0x88200000, bytes.size()), bytes));
}

TEST_F(BootImagesTest, DeviceTreeGoesTo2MiBBelowTheEndOfRam) {
  TestRam ram(128 * kMiB);
  EXPECT_EQ(fdt_load_address(ram.view(), 4222), 0x87e00000u);
  EXPECT_EQ(fdt_load_address(ram.view(), 2 * kMiB), 0x87e00000u);
  EXPECT_EQ(fdt_load_address(ram.view(), 2 * kMiB + 1), 0x87c00000u);
  TestRam large(2048 * kMiB);  // RAM past 3 GiB: the tree stays below 3 GiB
  EXPECT_EQ(fdt_load_address(large.view(), 4222), 0xbfe00000u);
}

TEST_F(BootImagesTest, WholeBootPutsTheInitrdIntoTheTreeAndTheTreeAtTheTop) {
  need_fixtures();
  const std::string image = gunzipped_image();
  TestRam ram(256 * kMiB);
  VirtFdtConfig config{.ram_size = 256 * kMiB, .bootargs = "console=ttyS0"};
  const auto layout = load_boot_images({.firmware = kFixtures + "/firmware/fw_jump.bin",
                                        .kernel = image,
                                        .initrd = kFixtures + "/initramfs-init.cpio.gz"},
                                       ram.view(), [&](const std::optional<InitrdRange>& initrd) {
                                         config.initrd = initrd;
                                         return build_virt_fdt(config);
                                       });
  ASSERT_TRUE(layout) << layout.error().message;
  EXPECT_EQ(layout->entry.value, 0x80000000u);
  EXPECT_EQ(layout->kernel->start.value, 0x80200000u);
  EXPECT_EQ(layout->initrd->start.value, 0x88200000u);
  EXPECT_EQ(layout->fdt.start.value, 0x8fe00000u);
  const void* fdt = ram.at(layout->fdt.start.value, 64).data();
  ASSERT_EQ(fdt_check_header(fdt), 0);
  int len = 0;
  const void* prop = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-start", &len);
  ASSERT_EQ(len, 8);
  fdt64_t start;  // properties are only 4-byte aligned
  std::memcpy(&start, prop, sizeof start);
  EXPECT_EQ(fdt64_to_cpu(start), 0x88200000u);
}

TEST_F(BootImagesTest, WithoutFirmwareTheKernelIsEnteredDirectlyAtRamStart) {
  TestRam ram(16 * kMiB);
  const auto kernel = write("k.bin", std::vector<u8>(100, 0x13));
  const auto layout = load_boot_images({.kernel = kernel}, ram.view(),
                                       [](const auto&) { return build_virt_fdt({}); });
  ASSERT_TRUE(layout) << layout.error().message;
  EXPECT_EQ(layout->entry.value, 0x80000000u);
  EXPECT_FALSE(layout->firmware);
}

TEST_F(BootImagesTest, ElfFirmwareLoadsAtItsPhysicalAddressWithBssZeroed) {
  TestRam ram(16 * kMiB);
  std::memset(ram.view().bytes.data() + 0x1000, 0xaa, 0x100);
  const auto path = write("fw.elf", make_elf(0x80000000, {1, 2, 3, 4, 5, 6, 7, 8}, 0x1100));
  const auto firmware = load_firmware(path, ram.view());
  ASSERT_TRUE(firmware) << firmware.error().message;
  EXPECT_EQ(firmware->entry.value, 0x80000004u);
  EXPECT_EQ(firmware->end.value, 0x80000000u + 8 + 0x1100);
  EXPECT_EQ(ram.at(0x80000007, 1)[0], 8);
  EXPECT_EQ(ram.at(0x80001000, 1)[0], 0);
}

TEST_F(BootImagesTest, GzipCompressedKernelSaysHowToDecompressIt) {
  need_fixtures();
  TestRam ram(128 * kMiB);
  const auto kernel = load_kernel(kFixtures + "/Image.gz", ram.view(), 0x80200000, {});
  ASSERT_FALSE(kernel);
  EXPECT_TRUE(contains(kernel.error().message, "gzip-compressed")) << kernel.error().message;
  EXPECT_TRUE(contains(kernel.error().message, "gunzip -c"));
}

TEST_F(BootImagesTest, MissingAndEmptyFilesAreNamed) {
  TestRam ram(16 * kMiB);
  const auto missing = load_firmware((dir_ / "nope.bin").string(), ram.view());
  ASSERT_FALSE(missing);
  EXPECT_TRUE(contains(missing.error().message, "cannot open the firmware"));
  EXPECT_TRUE(contains(missing.error().message, "No such file"));
  const auto empty = load_kernel(write("empty", {}), ram.view(), 0x80200000, {});
  ASSERT_FALSE(empty);
  EXPECT_TRUE(contains(empty.error().message, "the kernel")) << empty.error().message;
  EXPECT_TRUE(contains(empty.error().message, "is empty"));
  EXPECT_TRUE(
      contains(load_firmware(dir_.string(), ram.view()).error().message, "not a regular file"));
}

TEST_F(BootImagesTest, TruncatedImageIsRefused) {
  need_fixtures();
  auto bytes = read(gunzipped_image());
  bytes.resize(1 << 20);
  TestRam ram(128 * kMiB);
  const auto kernel = load_kernel(write("Image.part", bytes), ram.view(), 0x80200000, {});
  ASSERT_FALSE(kernel);
  EXPECT_TRUE(contains(kernel.error().message, "truncated")) << kernel.error().message;
}

TEST_F(BootImagesTest, AnImageCutRightAfterItsHeaderIsTruncated) {
  need_fixtures();
  auto bytes = read(gunzipped_image());
  TestRam ram(128 * kMiB);
  for (std::size_t size : {std::size_t{64}, std::size_t{66}}) {  // EFI header at 0x40
    bytes.resize(size);
    const auto kernel = load_kernel(write("Image-head", bytes), ram.view(), 0x80200000, {});
    ASSERT_FALSE(kernel) << size;
    EXPECT_TRUE(contains(kernel.error().message, "truncated")) << kernel.error().message;
  }
}

TEST_F(BootImagesTest, KernelLargerThanRamSaysGiveMoreMemory) {
  TestRam ram(16 * kMiB);
  const auto kernel =
      load_kernel(write("big", std::vector<u8>(15 * kMiB, 1)), ram.view(), 0x80200000, {});
  ASSERT_FALSE(kernel);
  EXPECT_TRUE(contains(kernel.error().message, "does not fit in RAM")) << kernel.error().message;
  EXPECT_TRUE(contains(kernel.error().message, "-m"));
}

TEST_F(BootImagesTest, ElfKernelOverlappingTheFirmwareIsRefused) {
  TestRam ram(16 * kMiB);
  const LoadedImage firmware{"firmware", PAddr{0x80000000}, PAddr{0x8001c280}, PAddr{0x80000000}};
  const auto path = write("k.elf", make_elf(0x80010000, {0x13, 0, 0, 0}, 0));
  const auto kernel = load_kernel(path, ram.view(), 0x80200000, std::span(&firmware, 1));
  ASSERT_FALSE(kernel);
  EXPECT_TRUE(contains(kernel.error().message, "overlaps the firmware")) << kernel.error().message;
}

TEST_F(BootImagesTest, InitrdThatWouldHitTheDeviceTreeIsRefused) {
  TestRam ram(16 * kMiB);
  const auto kernel = write("k.bin", std::vector<u8>(64, 0));
  const auto initrd = write("big.cpio", std::vector<u8>(7 * kMiB, 7));  // 0x80800000 + 7 MiB
  const auto layout = load_boot_images({.kernel = kernel, .initrd = initrd}, ram.view(),
                                       [](const auto&) { return build_virt_fdt({}); });
  ASSERT_FALSE(layout);
  EXPECT_TRUE(contains(layout.error().message, "device tree")) << layout.error().message;
  EXPECT_TRUE(contains(layout.error().message, "overlaps the initrd"));
}

TEST_F(BootImagesTest, BadElfFilesAreExplained) {
  TestRam ram(16 * kMiB);
  const auto arm =
      load_firmware(write("arm.elf", make_elf(0x80000000, {0}, 0, EM_AARCH64)), ram.view());
  ASSERT_FALSE(arm);
  EXPECT_TRUE(contains(arm.error().message, "not RISC-V")) << arm.error().message;
  auto cut = make_elf(0x80000000, {1, 2, 3, 4}, 0);
  cut.resize(sizeof(Elf64_Ehdr) + 10);
  EXPECT_TRUE(
      contains(load_firmware(write("cut.elf", cut), ram.view()).error().message, "truncated"));
  const auto outside = load_firmware(write("low.elf", make_elf(0x1000, {1}, 0)), ram.view());
  ASSERT_FALSE(outside);
  EXPECT_TRUE(contains(outside.error().message, "does not fit in RAM"));
  EXPECT_TRUE(contains(outside.error().message, "physical addresses"));
}

TEST_F(BootImagesTest, NothingToBootAndInitrdWithoutKernelAreRefused) {
  TestRam ram(16 * kMiB);
  const auto fdt = [](const auto&) { return build_virt_fdt({}); };
  EXPECT_TRUE(contains(load_boot_images({}, ram.view(), fdt).error().message, "nothing to boot"));
  EXPECT_TRUE(
      contains(load_boot_images({.firmware = "fw", .initrd = "i"}, ram.view(), fdt).error().message,
               "-initrd needs -kernel"));
}

TEST(ImageFormats, HeaderWithoutMagicIsAFlatBinaryAndBadMagic2IsAnError) {
  std::vector<u8> bytes(128, 0);  // the header and a little code
  EXPECT_FALSE(parse_riscv_image_header(bytes).value());
  std::memcpy(bytes.data() + 0x30, "RISCV\0\0\0", 8);
  EXPECT_FALSE(parse_riscv_image_header(bytes));
  std::memcpy(bytes.data() + 0x38, "RSC\x05", 4);
  bytes[0x10] = 0x42;
  const auto header = parse_riscv_image_header(bytes);
  ASSERT_TRUE(header && *header);
  EXPECT_EQ((*header)->image_size, 0x42u);
}

}  // namespace
}  // namespace polyvm::board::riscv64
