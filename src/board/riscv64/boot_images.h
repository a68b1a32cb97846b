// Puts -bios, -kernel, -initrd and the device tree into guest RAM where QEMU 7.2's virt board
// puts them (hw/riscv/boot.c), so OpenSBI's fw_jump and fw_dynamic find what they expect.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "board/riscv64/virt_fdt.h"
#include "core/error.h"
#include "core/types.h"

namespace polyvm::board::riscv64 {

/// Guest RAM as the loaders see it: the host bytes and the guest physical address of the first.
struct GuestRam {
  std::span<u8> bytes;
  PAddr base{kRamBase};
  u64 end() const { return base.value + bytes.size(); }
};

/// Where an image landed: [start, end) in guest physical memory, and where to enter it.
struct LoadedImage {
  std::string_view what;  ///< "firmware", "kernel", "initrd", "device tree": for messages
  PAddr start;
  PAddr end;
  PAddr entry;
};

/// The bytes of a regular, non-empty file; errors name it as "the WHAT PATH".
Result<std::vector<u8>> read_whole(const std::string& path, std::string_view what);

/// -bios FILE: an ELF at its PT_LOAD physical addresses (entry e_entry), otherwise a flat binary
/// at the start of RAM (0x80000000), entered at its first byte.
Result<LoadedImage> load_firmware(const std::string& path, GuestRam ram);

/// QEMU riscv_calc_kernel_start_addr (rv64): the first 2 MiB boundary at or above the
/// firmware's end, which is 0x80200000 after OpenSBI, where fw_jump jumps; RAM's start without
/// firmware.
u64 kernel_load_address(GuestRam ram, const std::optional<LoadedImage>& firmware);

/// -kernel FILE: an ELF at its physical addresses, otherwise a RISC-V Image (its header's
/// image_size, bss included, must fit) or another flat binary (U-Boot) at `address`. A gzip'd
/// Image is refused with the gunzip command to run, as QEMU 7.2 cannot load one either.
/// `occupied` are images already placed (the firmware), which it must not overlap.
Result<LoadedImage> load_kernel(const std::string& path, GuestRam ram, u64 address,
                                std::span<const LoadedImage> occupied);

/// QEMU riscv_load_initrd: kernel start + min(RAM / 2, 128 MiB), so 0x84200000 with 128 MiB and
/// 0x88200000 with 256 MiB. The file goes in as it is (a gzip'd cpio stays gzip'd).
Result<LoadedImage> load_initrd(const std::string& path, GuestRam ram, const LoadedImage& kernel,
                                std::span<const LoadedImage> occupied);

/// QEMU riscv_load_fdt: 2 MiB aligned, as high as min(end of RAM, 3 GiB) allows, so 0x87e00000
/// with 128 MiB of RAM at 0x80000000.
u64 fdt_load_address(GuestRam ram, u64 fdt_size);

/// Copies the device tree blob to fdt_load_address; it must not overlap `occupied`.
Result<LoadedImage> load_fdt(std::span<const u8> fdt, GuestRam ram,
                             std::span<const LoadedImage> occupied);

/// The files of a boot; an empty path is absent. No firmware means the kernel is entered
/// directly (QEMU -bios none).
struct BootFiles {
  std::string firmware;
  std::string kernel;
  std::string initrd;
};

/// Everything placed, and how the harts start: pc = entry, a1 = fdt.start (a0 = hart id).
struct BootLayout {
  std::optional<LoadedImage> firmware;
  std::optional<LoadedImage> kernel;
  std::optional<LoadedImage> initrd;
  LoadedImage fdt;
  PAddr entry;
};

/// Builds the device tree once the initrd's place is known, given that place.
using FdtBuilder = std::function<Result<std::vector<u8>>(const std::optional<InitrdRange>&)>;

/// The boot path in QEMU's order: firmware, kernel, initrd, device tree. An initrd needs a
/// kernel; something must be loaded.
///
///   auto layout = load_boot_images({.firmware = "fw_jump.bin", .kernel = "Image"}, ram,
///       [&](const auto& initrd) { config.initrd = initrd; return build_virt_fdt(config); });
Result<BootLayout> load_boot_images(const BootFiles& files, GuestRam ram,
                                    const FdtBuilder& build_fdt);

}  // namespace polyvm::board::riscv64
