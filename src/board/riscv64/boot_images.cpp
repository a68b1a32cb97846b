// Reads boot files, places them as QEMU 7.2 does, and turns every way they can go wrong (missing,
// empty, compressed, too big, overlapping) into a message naming the file and the fix.
#include "board/riscv64/boot_images.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "board/riscv64/image_formats.h"

namespace polyvm::board::riscv64 {

namespace {

constexpr u64 k2MiB = u64{2} << 20;
constexpr u64 k128MiB = u64{128} << 20;
constexpr u64 k3GiB = u64{3} << 30;

class File {
 public:
  explicit File(int fd) : fd_(fd) {}
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  File(const File&) = delete;
  File& operator=(const File&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Opens a regular, non-empty file and tells its size.
Result<u64> open_sized(const std::string& path, std::string_view what, int& fd) {
  fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail("cannot open the {} {}: {}", what, path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0)
    return fail("cannot stat the {} {}: {}", what, path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("the {} {} is not a regular file", what, path);
  if (st.st_size == 0) return fail("the {} {} is empty", what, path);
  return static_cast<u64>(st.st_size);
}

Result<void> read_into(int fd, std::span<u8> out, const std::string& path, std::string_view what) {
  for (u64 done = 0; done < out.size();) {
    const ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail("cannot read the {} {}: {}", what, path, std::strerror(errno));
    if (n == 0) return fail("the {} {} shrank while being read", what, path);
    done += static_cast<u64>(n);
  }
  return {};
}

std::string range(u64 start, u64 end) {
  return fmt::format("[{:#x}, {:#x})", start, end);
}

// The part of RAM [address, address + size) is, after checking that it is inside RAM and clear
// of the images already placed.
Result<std::span<u8>> claim(GuestRam ram, std::string_view what, const std::string& name,
                            u64 address, u64 size, std::span<const LoadedImage> occupied) {
  const u64 end = address + size;
  if (address < ram.base.value || end > ram.end() || end < address) {
    return fail(
        "the {} {} does not fit in RAM: it needs {} and RAM is {}; give more memory "
        "with -m",
        what, name, range(address, end), range(ram.base.value, ram.end()));
  }
  for (const LoadedImage& other : occupied) {
    if (address < other.end.value && other.start.value < end) {
      return fail("the {} {} at {} overlaps the {} at {}", what, name, range(address, end),
                  other.what, range(other.start.value, other.end.value));
    }
  }
  return ram.bytes.subspan(address - ram.base.value, size);
}

Result<LoadedImage> load_elf(std::span<const u8> file, GuestRam ram, std::string_view what,
                             const std::string& path, std::span<const LoadedImage> occupied) {
  auto elf = parse_riscv64_elf(file);
  if (!elf) return fail("the {} {}: {}", what, path, elf.error().message);
  u64 low = ~u64{0}, high = 0;
  for (const ElfSegment& segment : elf->segments) {
    low = std::min(low, segment.paddr);
    high = std::max(high, segment.paddr + segment.mem_size);
  }
  for (const ElfSegment& segment : elf->segments) {
    auto target = claim(ram, what, path, segment.paddr, segment.mem_size, occupied);
    if (!target) {
      return fail(
          "{} (ELF segments are loaded at their physical addresses; a Linux vmlinux "
          "cannot be booted this way, use arch/riscv/boot/Image)",
          target.error().message);
    }
    std::memcpy(target->data(), file.data() + segment.offset, segment.file_size);
    std::memset(target->data() + segment.file_size, 0, segment.mem_size - segment.file_size);
  }
  return LoadedImage{what, PAddr{low}, PAddr{high}, PAddr{elf->entry}};
}

Result<LoadedImage> load_flat(std::span<const u8> file, u64 footprint, GuestRam ram,
                              std::string_view what, const std::string& path, u64 address,
                              std::span<const LoadedImage> occupied) {
  auto target = claim(ram, what, path, address, footprint, occupied);
  if (!target) return std::unexpected(target.error());
  std::memcpy(target->data(), file.data(), file.size());
  std::memset(target->data() + file.size(), 0, footprint - file.size());
  return LoadedImage{what, PAddr{address}, PAddr{address + footprint}, PAddr{address}};
}

Result<void> refuse_gzip(std::span<const u8> file, std::string_view what, const std::string& path) {
  if (!is_gzip(file)) return {};
  return fail("the {} {} is gzip-compressed; decompress it first: gunzip -c {} > Image", what, path,
              path);
}

}  // namespace

Result<std::vector<u8>> read_whole(const std::string& path, std::string_view what) {
  int fd = -1;
  auto size = open_sized(path, what, fd);
  File file(fd);
  if (!size) return std::unexpected(size.error());
  std::vector<u8> bytes(*size);
  if (auto read = read_into(fd, bytes, path, what); !read) return std::unexpected(read.error());
  return bytes;
}

Result<LoadedImage> load_firmware(const std::string& path, GuestRam ram) {
  constexpr std::string_view kWhat = "firmware";
  auto file = read_whole(path, kWhat);
  if (!file) return std::unexpected(file.error());
  if (auto gzip = refuse_gzip(*file, kWhat, path); !gzip) return std::unexpected(gzip.error());
  if (is_elf(*file)) return load_elf(*file, ram, kWhat, path, {});
  return load_flat(*file, file->size(), ram, kWhat, path, ram.base.value, {});
}

u64 kernel_load_address(GuestRam ram, const std::optional<LoadedImage>& firmware) {
  if (!firmware) return ram.base.value;
  return (firmware->end.value + k2MiB - 1) & ~(k2MiB - 1);
}

Result<LoadedImage> load_kernel(const std::string& path, GuestRam ram, u64 address,
                                std::span<const LoadedImage> occupied) {
  constexpr std::string_view kWhat = "kernel";
  auto file = read_whole(path, kWhat);
  if (!file) return std::unexpected(file.error());
  if (auto gzip = refuse_gzip(*file, kWhat, path); !gzip) return std::unexpected(gzip.error());
  if (is_elf(*file)) return load_elf(*file, ram, kWhat, path, occupied);
  auto header = parse_riscv_image_header(*file);
  if (!header) return fail("the kernel {}: {}", path, header.error().message);
  const u64 footprint = std::max<u64>(file->size(), *header ? (*header)->image_size : 0);
  return load_flat(*file, footprint, ram, kWhat, path, address, occupied);
}

Result<LoadedImage> load_initrd(const std::string& path, GuestRam ram, const LoadedImage& kernel,
                                std::span<const LoadedImage> occupied) {
  constexpr std::string_view kWhat = "initrd";
  int fd = -1;
  auto size = open_sized(path, kWhat, fd);
  File file(fd);
  if (!size) return std::unexpected(size.error());
  const u64 start = kernel.start.value + std::min<u64>(ram.bytes.size() / 2, k128MiB);
  auto target = claim(ram, kWhat, path, start, *size, occupied);
  if (!target) return std::unexpected(target.error());
  if (auto read = read_into(fd, *target, path, kWhat); !read) return std::unexpected(read.error());
  return LoadedImage{kWhat, PAddr{start}, PAddr{start + *size}, PAddr{start}};
}

u64 fdt_load_address(GuestRam ram, u64 fdt_size) {
  const u64 top = ram.base.value < k3GiB ? std::min(ram.end(), k3GiB) : ram.end();
  return (top - fdt_size) & ~(k2MiB - 1);
}

Result<LoadedImage> load_fdt(std::span<const u8> fdt, GuestRam ram,
                             std::span<const LoadedImage> occupied) {
  constexpr std::string_view kWhat = "device tree";
  const u64 address = fdt_load_address(ram, fdt.size());
  auto placed = load_flat(fdt, fdt.size(), ram, kWhat, fmt::format("({} bytes)", fdt.size()),
                          address, occupied);
  if (!placed) return std::unexpected(placed.error());
  return placed;
}

Result<BootLayout> load_boot_images(const BootFiles& files, GuestRam ram,
                                    const FdtBuilder& build_fdt) {
  if (files.firmware.empty() && files.kernel.empty()) {
    return fail("nothing to boot: give -bios FIRMWARE, -kernel KERNEL, or both");
  }
  if (!files.initrd.empty() && files.kernel.empty()) return fail("-initrd needs -kernel");
  BootLayout layout;
  std::vector<LoadedImage> occupied;
  if (!files.firmware.empty()) {
    auto firmware = load_firmware(files.firmware, ram);
    if (!firmware) return std::unexpected(firmware.error());
    layout.firmware = *firmware;
    occupied.push_back(*firmware);
  }
  std::optional<InitrdRange> initrd_range;
  if (!files.kernel.empty()) {
    const u64 address = kernel_load_address(ram, layout.firmware);
    auto kernel = load_kernel(files.kernel, ram, address, occupied);
    if (!kernel) return std::unexpected(kernel.error());
    layout.kernel = *kernel;
    occupied.push_back(*kernel);
    if (!files.initrd.empty()) {
      auto initrd = load_initrd(files.initrd, ram, *kernel, occupied);
      if (!initrd) return std::unexpected(initrd.error());
      layout.initrd = *initrd;
      occupied.push_back(*initrd);
      initrd_range = InitrdRange{initrd->start.value, initrd->end.value};
    }
  }
  auto fdt = build_fdt(initrd_range);
  if (!fdt) return std::unexpected(fdt.error());
  auto placed = load_fdt(*fdt, ram, occupied);
  if (!placed) return std::unexpected(placed.error());
  layout.fdt = *placed;
  layout.entry = layout.firmware ? layout.firmware->entry : layout.kernel->entry;
  return layout;
}

}  // namespace polyvm::board::riscv64
