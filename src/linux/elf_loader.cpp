// ELF64 parsing with one clear line per kind of bad input, and segment mapping like binfmt_elf.
#include "linux/elf_loader.h"

#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace polyvm::linux_user {

namespace {

/// Linux rejects program header tables over 64 KiB (fs/binfmt_elf.c, load_elf_phdrs).
constexpr u64 kMaxPhnum = 65536 / sizeof(Elf64_Phdr);
constexpr u64 kMaxInterpLength = 4096;
constexpr u64 kMaxAlign = 1ull << 30;

const char* machine_name(u16 machine) {
  switch (machine) {
    case EM_386:
      return "x86 (i386)";
    case EM_X86_64:
      return "x86-64";
    case EM_ARM:
      return "32-bit Arm";
    case EM_AARCH64:
      return "arm64 (AArch64)";
    case EM_MIPS:
      return "MIPS";
    case EM_PPC:
      return "PowerPC";
    case EM_PPC64:
      return "PowerPC64";
    case EM_S390:
      return "s390";
    case EM_SPARC:
    case EM_SPARCV9:
      return "SPARC";
    case EM_RISCV:
      return "riscv";
    case 258:
      return "LoongArch";
    default:
      return nullptr;
  }
}

template <typename T>
T read_at(std::span<const u8> bytes, u64 offset) {
  T value;
  std::memcpy(&value, bytes.data() + offset, sizeof(T));
  return value;
}

/// Checks identity: magic, endianness, machine and class, in the order that names the problem.
Result<void> check_ident(std::span<const u8> bytes) {
  if (bytes.empty()) return fail("empty file, not an ELF executable");
  if (bytes.size() < SELFMAG || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) {
    return fail("not an ELF file (no \\x7fELF magic)");
  }
  if (bytes.size() < 20) return fail("truncated ELF header ({} bytes)", bytes.size());
  u8 data = bytes[EI_DATA];
  if (data != ELFDATA2LSB && data != ELFDATA2MSB) return fail("invalid ELF data encoding {}", data);
  u16 machine = data == ELFDATA2LSB ? static_cast<u16>(bytes[18] | bytes[19] << 8)
                                    : static_cast<u16>(bytes[19] | bytes[18] << 8);
  bool is64 = bytes[EI_CLASS] == ELFCLASS64;
  if (machine != EM_RISCV) {
    const char* name = machine_name(machine);
    if (name) return fail("{} ELF, polyvm run needs riscv64", name);
    return fail("ELF for machine {} (e_machine), polyvm run needs riscv64", machine);
  }
  if (!is64) return fail("32-bit riscv (riscv32) ELF, polyvm run needs riscv64");
  if (data != ELFDATA2LSB) return fail("big-endian ELF, riscv64 is little-endian");
  if (bytes.size() < sizeof(Elf64_Ehdr))
    return fail("truncated ELF header ({} bytes)", bytes.size());
  return {};
}

int segment_prot(u32 flags) {
  return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
         ((flags & PF_X) ? PROT_EXEC : 0);
}

Result<void> check_load(const Elf64_Phdr& ph, size_t index, u64 file_size, u64 limit) {
  if (ph.p_filesz > ph.p_memsz) {
    return fail("segment {}: file size 0x{:x} exceeds memory size 0x{:x}", index, ph.p_filesz,
                ph.p_memsz);
  }
  if (ph.p_offset > file_size || ph.p_filesz > file_size - ph.p_offset) {
    return fail(
        "segment {}: file bytes 0x{:x}+0x{:x} lie beyond the end of the file ({} bytes; "
        "truncated?)",
        index, ph.p_offset, ph.p_filesz, file_size);
  }
  if (ph.p_vaddr > limit || ph.p_memsz > limit - ph.p_vaddr) {
    return fail("segment {}: addresses 0x{:x}+0x{:x} lie beyond the guest address space (0x{:x})",
                index, ph.p_vaddr, ph.p_memsz, limit);
  }
  if (ph.p_vaddr % kPageSize != ph.p_offset % kPageSize) {
    return fail("segment {}: address 0x{:x} and file offset 0x{:x} differ modulo the page size",
                index, ph.p_vaddr, ph.p_offset);
  }
  return {};
}

Result<std::string> read_interp(std::span<const u8> bytes, const Elf64_Phdr& ph) {
  if (ph.p_offset > bytes.size() || ph.p_filesz > bytes.size() - ph.p_offset) {
    return fail("PT_INTERP lies beyond the end of the file (truncated?)");
  }
  if (ph.p_filesz < 2 || ph.p_filesz > kMaxInterpLength ||
      bytes[ph.p_offset + ph.p_filesz - 1] != 0) {
    return fail("PT_INTERP is not a NUL-terminated path");
  }
  const char* text = reinterpret_cast<const char*>(bytes.data() + ph.p_offset);
  std::string path(text, ph.p_filesz - 1);
  if (path.find('\0') != std::string::npos) return fail("PT_INTERP holds an embedded NUL");
  return path;
}

/// Reads the program headers into `image`.
Result<void> read_phdrs(std::span<const u8> bytes, const Elf64_Ehdr& eh, u64 limit,
                        ElfImage& image) {
  for (size_t i = 0; i < eh.e_phnum; ++i) {
    auto ph = read_at<Elf64_Phdr>(bytes, eh.e_phoff + i * sizeof(Elf64_Phdr));
    if (ph.p_type == PT_LOAD) {
      if (ph.p_memsz == 0) continue;
      if (auto ok = check_load(ph, i, bytes.size(), limit); !ok) return ok;
      image.segments.push_back(
          {ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, segment_prot(ph.p_flags)});
      // Like binfmt_elf's maximum_alignment(): only powers of two, and not absurdly large.
      bool power_of_two = ph.p_align && (ph.p_align & (ph.p_align - 1)) == 0;
      if (power_of_two && ph.p_align <= kMaxAlign) {
        image.max_align = std::max<u64>(image.max_align, ph.p_align);
      }
    } else if (ph.p_type == PT_INTERP) {
      if (!image.interpreter.empty()) return fail("more than one PT_INTERP");
      auto path = read_interp(bytes, ph);
      if (!path) return std::unexpected(path.error());
      image.interpreter = std::move(*path);
    } else if (ph.p_type == PT_PHDR) {
      image.phdr_vaddr = ph.p_vaddr;
    }
  }
  return {};
}

Result<void> check_layout(const Elf64_Ehdr& eh, u64 limit, ElfImage& image) {
  auto& segs = image.segments;
  if (segs.empty()) return fail("no loadable (PT_LOAD) segments");
  for (size_t i = 1; i < segs.size(); ++i) {
    if (segs[i].vaddr < segs[i - 1].vaddr + segs[i - 1].memsz) {
      return fail("PT_LOAD segments overlap or are out of order (0x{:x} after 0x{:x}+0x{:x})",
                  segs[i].vaddr, segs[i - 1].vaddr, segs[i - 1].memsz);
    }
  }
  image.min_vaddr = page_down(segs.front().vaddr);
  image.max_vaddr = segs.back().vaddr + segs.back().memsz;
  if (image.position_independent && image.max_vaddr - image.min_vaddr > limit - kPieBase) {
    return fail("position-independent image spans 0x{:x} bytes, more than the guest space holds",
                image.max_vaddr - image.min_vaddr);
  }
  if (image.phdr_vaddr == 0) {
    for (const ElfSegment& s : segs) {
      if (eh.e_phoff >= s.offset && eh.e_phoff - s.offset < s.filesz) {
        image.phdr_vaddr = s.vaddr + (eh.e_phoff - s.offset);
      }
    }
  }
  return {};
}

}  // namespace

Result<ElfImage> parse_elf(std::span<const u8> bytes, u64 address_limit) {
  if (auto ok = check_ident(bytes); !ok) return std::unexpected(ok.error());
  auto eh = read_at<Elf64_Ehdr>(bytes, 0);
  if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
    const char* kind = eh.e_type == ET_REL    ? "a relocatable object (.o)"
                       : eh.e_type == ET_CORE ? "a core dump"
                                              : "not an executable";
    return fail("ELF type {} is {}, polyvm run needs an executable", eh.e_type, kind);
  }
  if (eh.e_phentsize != sizeof(Elf64_Phdr)) {
    return fail("program header entry size {} (expected {})", eh.e_phentsize, sizeof(Elf64_Phdr));
  }
  if (eh.e_phnum == 0) return fail("no program headers");
  if (eh.e_phnum > kMaxPhnum) return fail("absurd program header count {}", eh.e_phnum);
  u64 table = u64{eh.e_phnum} * sizeof(Elf64_Phdr);
  if (eh.e_phoff > bytes.size() || table > bytes.size() - eh.e_phoff) {
    return fail("program headers at 0x{:x} lie beyond the end of the file ({} bytes; truncated?)",
                eh.e_phoff, bytes.size());
  }
  ElfImage image;
  image.position_independent = eh.e_type == ET_DYN;
  image.entry = eh.e_entry;
  image.phnum = eh.e_phnum;
  if (auto ok = read_phdrs(bytes, eh, address_limit, image); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = check_layout(eh, address_limit, image); !ok) return std::unexpected(ok.error());
  return image;
}

namespace {

Result<void> map_segment(MemoryMap& memory, const ElfSegment& seg, u64 base, int fd) {
  u64 start = page_down(base + seg.vaddr);
  u64 file_end = base + seg.vaddr + seg.filesz;
  u64 mem_end = base + seg.vaddr + seg.memsz;
  bool has_bss = seg.memsz > seg.filesz;
  u64 bss_start = start;
  if (seg.filesz > 0) {
    u64 length = page_up(file_end) - start;
    int prot = has_bss ? seg.prot | PROT_WRITE : seg.prot;
    s64 r = memory.mmap(start, length, prot, MAP_PRIVATE | MAP_FIXED, fd, page_down(seg.offset));
    if (r < 0) return fail("cannot map a segment at 0x{:x}: {}", start, std::strerror(-r));
    if (has_bss) {
      // SAFETY: [file_end, page_up(file_end)) is inside the writable mapping just made; the tail
      // of the last file page belongs to .bss and must read as zero.
      std::memset(memory.space().host(file_end), 0, page_up(file_end) - file_end);
      if (!(seg.prot & PROT_WRITE)) memory.mprotect(start, length, seg.prot);
    }
    bss_start = page_up(file_end);
  }
  if (page_up(mem_end) > bss_start) {
    s64 r = memory.mmap(bss_start, page_up(mem_end) - bss_start, seg.prot,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (r < 0) return fail("cannot map .bss at 0x{:x}: {}", bss_start, std::strerror(-r));
  }
  return {};
}

}  // namespace

Result<LoadedElf> map_elf(MemoryMap& memory, const ElfImage& image, int fd, bool top_down) {
  u64 base = 0;
  if (image.position_independent) {
    u64 span = page_up(image.max_vaddr) - image.min_vaddr;
    if (top_down) {
      s64 r = memory.mmap(0, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (r < 0) return fail("no room for a 0x{:x}-byte image: {}", span, std::strerror(-r));
      base = static_cast<u64>(r) - image.min_vaddr;
    } else {
      u64 aligned = (kPieBase + image.max_align - 1) & ~(image.max_align - 1);
      base = aligned - image.min_vaddr;
    }
  }
  for (const ElfSegment& seg : image.segments) {
    if (auto ok = map_segment(memory, seg, base, fd); !ok) return std::unexpected(ok.error());
  }
  return LoadedElf{.base = base,
                   .entry = base + image.entry,
                   .phdr = image.phdr_vaddr ? base + image.phdr_vaddr : 0,
                   .phnum = image.phnum,
                   .end = base + image.max_vaddr};
}

OpenedElf::OpenedElf(OpenedElf&& other) noexcept
    : fd(std::exchange(other.fd, -1)), image(std::move(other.image)) {}

OpenedElf::~OpenedElf() {
  if (fd >= 0) ::close(fd);
}

Result<OpenedElf> open_elf(const std::string& path) {
  OpenedElf elf;
  elf.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (elf.fd < 0) return fail("{}: {}", path, std::strerror(errno));
  struct stat st;
  if (::fstat(elf.fd, &st) != 0) return fail("{}: {}", path, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail("{} is a directory, not a program", path);
  if (!S_ISREG(st.st_mode)) return fail("{} is not a regular file", path);
  std::span<const u8> bytes;
  void* view = nullptr;
  if (st.st_size > 0) {
    // SAFETY: a private read-only view of the file for parsing, unmapped below.
    view = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, elf.fd, 0);
    if (view == MAP_FAILED) return fail("{}: cannot read: {}", path, std::strerror(errno));
    bytes = {static_cast<const u8*>(view), static_cast<size_t>(st.st_size)};
  }
  auto image = parse_elf(bytes);
  if (view) ::munmap(view, static_cast<size_t>(st.st_size));
  if (!image) return fail("{}: {}", path, image.error().message);
  elf.image = std::move(*image);
  return elf;
}

}  // namespace polyvm::linux_user
