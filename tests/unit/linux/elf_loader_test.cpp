// parse_elf on ELF images built here byte by byte (layouts from the ELF-64 spec and <elf.h>),
// good and each kind of bad; open_elf on paths that are not programs.
#include "linux/elf_loader.h"

#include <elf.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace polyvm::linux_user {
namespace {

/// Builds a little-endian ELF64 riscv64 executable with the given program headers.
struct ElfBuilder {
  Elf64_Ehdr eh{};
  std::vector<Elf64_Phdr> phdrs;
  std::vector<u8> payload = std::vector<u8>(0x3000, 0x13);  // file bytes after the headers

  ElfBuilder() {
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_RISCV;
    eh.e_version = EV_CURRENT;
    eh.e_entry = 0x10100;
    eh.e_phoff = sizeof(Elf64_Ehdr);
    eh.e_ehsize = sizeof(Elf64_Ehdr);
    eh.e_phentsize = sizeof(Elf64_Phdr);
  }

  ElfBuilder& load(u64 vaddr, u64 offset, u64 filesz, u64 memsz, u32 flags) {
    phdrs.push_back(Elf64_Phdr{.p_type = PT_LOAD,
                               .p_flags = flags,
                               .p_offset = offset,
                               .p_vaddr = vaddr,
                               .p_paddr = vaddr,
                               .p_filesz = filesz,
                               .p_memsz = memsz,
                               .p_align = 0x1000});
    return *this;
  }

  ElfBuilder& interp(const std::string& path) {
    u64 offset = 0x2000;
    std::memcpy(payload.data() + offset - 0x1000, path.c_str(), path.size() + 1);
    phdrs.push_back(Elf64_Phdr{.p_type = PT_INTERP,
                               .p_flags = PF_R,
                               .p_offset = offset,
                               .p_vaddr = 0,
                               .p_paddr = 0,
                               .p_filesz = path.size() + 1,
                               .p_memsz = path.size() + 1,
                               .p_align = 1});
    return *this;
  }

  /// Header, program headers at 64, payload from file offset 0x1000.
  std::vector<u8> bytes() {
    if (eh.e_phnum == 0) eh.e_phnum = static_cast<u16>(phdrs.size());
    std::vector<u8> out(0x1000, 0);
    std::memcpy(out.data(), &eh, sizeof eh);
    for (size_t i = 0; i < phdrs.size(); ++i) {
      std::memcpy(out.data() + sizeof eh + i * sizeof(Elf64_Phdr), &phdrs[i], sizeof(Elf64_Phdr));
    }
    out.insert(out.end(), payload.begin(), payload.end());
    return out;
  }
};

ElfBuilder static_program() {
  ElfBuilder b;
  b.load(0x10000, 0, 0x1800, 0x1800, PF_R | PF_X).load(0x12800, 0x1800, 0x200, 0x1000, PF_R | PF_W);
  return b;
}

std::string error_of(std::vector<u8> bytes) {
  auto r = parse_elf(bytes);
  return r ? std::string("(parsed)") : r.error().message;
}

/// The one-line error for `bytes` mentions `needle`.
void expect_error(std::vector<u8> bytes, const std::string& needle) {
  std::string error = error_of(std::move(bytes));
  EXPECT_NE(error.find(needle), std::string::npos) << "error: " << error;
}

TEST(ElfParser, StaticExecutableSegmentsEntryAndPhdr) {
  auto bytes = static_program().bytes();
  auto image = parse_elf(bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_FALSE(image->position_independent);
  EXPECT_EQ(image->entry, 0x10100u);
  ASSERT_EQ(image->segments.size(), 2u);
  EXPECT_EQ(image->segments[0].prot, PROT_READ | PROT_EXEC);
  EXPECT_EQ(image->segments[1].prot, PROT_READ | PROT_WRITE);
  EXPECT_EQ(image->segments[1].memsz, 0x1000u);
  EXPECT_EQ(image->phdr_vaddr, 0x10000u + sizeof(Elf64_Ehdr));  // inside the first segment
  EXPECT_EQ(image->phnum, 2);
  EXPECT_EQ(image->min_vaddr, 0x10000u);
  EXPECT_EQ(image->max_vaddr, 0x13800u);
  EXPECT_TRUE(image->interpreter.empty());
}

TEST(ElfParser, PieWithInterpreter) {
  ElfBuilder b;
  b.eh.e_type = ET_DYN;
  b.interp("/lib/ld-linux-riscv64-lp64d.so.1").load(0, 0, 0x1800, 0x1800, PF_R | PF_X);
  auto bytes = b.bytes();
  auto image = parse_elf(bytes);
  ASSERT_TRUE(image) << image.error().message;
  EXPECT_TRUE(image->position_independent);
  EXPECT_EQ(image->interpreter, "/lib/ld-linux-riscv64-lp64d.so.1");
}

TEST(ElfParser, EmptyFileIsNotAnElf) {
  expect_error({}, "empty file");
}

TEST(ElfParser, TextIsNotAnElf) {
  std::string text = "#!/bin/sh\necho hi\n";
  expect_error({text.begin(), text.end()}, "not an ELF");
}

TEST(ElfParser, TruncatedHeader) {
  auto bytes = static_program().bytes();
  bytes.resize(40);
  expect_error(bytes, "truncated ELF header");
}

TEST(ElfParser, X86_64ProgramNamesItsMachine) {
  auto b = static_program();
  b.eh.e_machine = EM_X86_64;
  EXPECT_EQ(error_of(b.bytes()), "x86-64 ELF, polyvm run needs riscv64");
}

TEST(ElfParser, Arm64ProgramNamesItsMachine) {
  auto b = static_program();
  b.eh.e_machine = EM_AARCH64;
  EXPECT_EQ(error_of(b.bytes()), "arm64 (AArch64) ELF, polyvm run needs riscv64");
}

TEST(ElfParser, Riscv32IsTheWrongClass) {
  auto bytes = static_program().bytes();
  bytes[EI_CLASS] = ELFCLASS32;
  expect_error(bytes, "riscv32");
}

TEST(ElfParser, BigEndianIsRejected) {
  auto bytes = static_program().bytes();
  bytes[EI_DATA] = ELFDATA2MSB;
  std::swap(bytes[18], bytes[19]);  // e_machine as a big-endian file stores it
  expect_error(bytes, "big-endian");
}

TEST(ElfParser, RelocatableObjectIsNotAnExecutable) {
  auto b = static_program();
  b.eh.e_type = ET_REL;
  expect_error(b.bytes(), "relocatable object");
}

TEST(ElfParser, AbsurdProgramHeaderCount) {
  auto b = static_program();
  b.eh.e_phnum = 60000;
  expect_error(b.bytes(), "absurd program header count 60000");
}

TEST(ElfParser, ProgramHeadersBeyondTheFile) {
  auto b = static_program();
  b.eh.e_phoff = 0x100000;
  expect_error(b.bytes(), "program headers at 0x100000 lie beyond the end");
}

TEST(ElfParser, SegmentBytesBeyondTheFile) {
  ElfBuilder b;
  b.load(0x10000, 0, 0x100000, 0x100000, PF_R | PF_X);
  expect_error(b.bytes(), "beyond the end of the file");
}

TEST(ElfParser, FileSizeAboveMemorySize) {
  ElfBuilder b;
  b.load(0x10000, 0, 0x1000, 0x800, PF_R);
  expect_error(b.bytes(), "exceeds memory size");
}

TEST(ElfParser, OverlappingSegments) {
  ElfBuilder b;
  b.load(0x10000, 0, 0x1800, 0x1800, PF_R | PF_X).load(0x11000, 0x1000, 0x100, 0x100, PF_R);
  expect_error(b.bytes(), "overlap");
}

TEST(ElfParser, AddressesBeyondTheGuestSpace) {
  ElfBuilder b;
  b.load(kGuestSpaceSize - 0x1000, 0, 0x1800, 0x1800, PF_R | PF_X);
  expect_error(b.bytes(), "beyond the guest address space");
}

TEST(ElfParser, NoLoadableSegments) {
  ElfBuilder b;
  b.interp("/lib/ld.so");
  expect_error(b.bytes(), "no loadable");
}

TEST(ElfParser, InterpreterWithoutNul) {
  ElfBuilder b;
  b.interp("/lib/ld.so").load(0x10000, 0, 0x1800, 0x1800, PF_R | PF_X);
  b.phdrs[0].p_filesz -= 1;  // drop the terminating NUL
  expect_error(b.bytes(), "NUL-terminated");
}

TEST(ElfParser, MisalignedSegmentOffset) {
  ElfBuilder b;
  b.load(0x10010, 0x20, 0x100, 0x100, PF_R);
  expect_error(b.bytes(), "differ modulo the page size");
}

TEST(ElfOpen, DirectoryIsNotAProgram) {
  auto r = open_elf("/tmp");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "/tmp is a directory, not a program");
}

TEST(ElfOpen, MissingFileSaysSo) {
  auto r = open_elf("/nonexistent/program");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "/nonexistent/program: No such file or directory");
}

/// Writes an image to a temporary file and maps it as run_program would.
class ElfMapTest : public ::testing::Test {
 protected:
  ElfMapTest() : space_(*mem::GuestSpace::reserve(kGuestSpaceSize)), map_(space_) {
    map_.set_mmap_top(kGuestSpaceSize - (256ull << 20));
  }
  ~ElfMapTest() override { std::filesystem::remove(path_); }

  Result<LoadedElf> load(std::vector<u8> bytes, bool top_down = false) {
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    auto elf = open_elf(path_);
    if (!elf) return std::unexpected(elf.error());
    return map_elf(map_, elf->image, elf->fd, top_down);
  }
  u8 byte(u64 addr) { return space_.host(addr)[0]; }

  // One file per process: ctest runs each case as its own process, in parallel.
  std::string path_ = ::testing::TempDir() + "polyvm_elf_map_test." + std::to_string(::getpid());
  mem::GuestSpace space_;
  MemoryMap map_;
};

TEST_F(ElfMapTest, StaticSegmentsMapWithTheirProtectionAndZeroedBss) {
  auto loaded = load(static_program().bytes());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->base, 0u);
  EXPECT_EQ(loaded->entry, 0x10100u);
  EXPECT_EQ(loaded->end, 0x13800u);
  EXPECT_EQ(byte(0x10000), 0x7f);  // the ELF header is in the first segment
  EXPECT_EQ(byte(0x11000), 0x13);  // payload byte from file offset 0x1000
  EXPECT_TRUE(map_.accessible(0x10000, 0x1800, PROT_READ | PROT_EXEC));
  EXPECT_FALSE(map_.accessible(0x10000, 1, PROT_WRITE));
  // Data: file bytes up to 0x12a00, then .bss zero, though the file page holds 0x13 beyond it.
  EXPECT_EQ(byte(0x129ff), 0x13);
  EXPECT_EQ(byte(0x12a00), 0);
  EXPECT_EQ(byte(0x12fff), 0);
  EXPECT_EQ(byte(0x137ff), 0);
  EXPECT_TRUE(map_.accessible(0x12800, 0x1000, PROT_READ | PROT_WRITE));
}

TEST_F(ElfMapTest, PieGoesToTheKernelsEtDynBase) {
  ElfBuilder b;
  b.eh.e_type = ET_DYN;
  b.eh.e_entry = 0x100;
  b.load(0, 0, 0x1800, 0x1800, PF_R | PF_X);
  auto loaded = load(b.bytes());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->base, kPieBase);
  EXPECT_EQ(loaded->entry, kPieBase + 0x100);
  EXPECT_EQ(loaded->phdr, kPieBase + sizeof(Elf64_Ehdr));
  EXPECT_EQ(byte(kPieBase + 1), 'E');
}

TEST_F(ElfMapTest, InterpreterGoesTopDownBelowTheMmapTop) {
  ElfBuilder b;
  b.eh.e_type = ET_DYN;
  b.load(0, 0, 0x1800, 0x1800, PF_R | PF_X);
  auto loaded = load(b.bytes(), /*top_down=*/true);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->base, kGuestSpaceSize - (256ull << 20) - 0x2000);
}

}  // namespace
}  // namespace polyvm::linux_user
