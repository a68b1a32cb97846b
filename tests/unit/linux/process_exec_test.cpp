// execve: riscv64 programs and scripts whose interpreter is one re-run polyvm with the guest's
// arguments laid out as the kernel's binfmt_elf and binfmt_script would (execve(2), "Interpreter
// scripts"); polyvm_exe is a stand-in script here that prints the command it was given.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "guest_process_fixture.h"

namespace polyvm::linux_user {
namespace {

namespace fs = std::filesystem;

class ExecTest : public GuestProcessTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("polyvm_exec_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    options_.polyvm_exe = write_file("fake_polyvm", "#!/bin/sh\necho \"$*\" >&2\nexit 3\n");
    options_.isa_text = "rv64gc";
    std::string elf(64, '\0');  // an ELF64 header for EM_RISCV (243), all the check reads
    elf.replace(0, 5, "\177ELF\002");
    elf[18] = static_cast<char>(243);
    riscv_program_ = write_file("prog.rv", elf);
    GuestProcessTest::SetUp();
  }
  void TearDown() override {
    GuestProcessTest::TearDown();
    fs::remove_all(dir_);
  }

  std::string write_file(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path) << text;
    ::chmod(path.c_str(), 0755);
    return path;
  }

  /// Lays out execve(path, argv, {NULL}) in guest memory and calls it.
  s64 execve(const std::string& path, const std::vector<std::string>& argv) {
    u64 strings = scratch_ + 1024;
    auto put = [&](const std::string& s) {
      std::memcpy(process_->space().host(strings), s.c_str(), s.size() + 1);
      u64 at = strings;
      strings += s.size() + 1;
      return at;
    };
    u64 path_addr = put(path);
    for (size_t i = 0; i < argv.size(); ++i) store(scratch_ + 8 * i, put(argv[i]));
    store(scratch_ + 8 * argv.size(), 0);
    return call(nr::execve, {path_addr, scratch_, scratch_ + 8 * argv.size()});
  }

  fs::path dir_;
  std::string riscv_program_;
};

TEST_F(ExecTest, ARiscv64ProgramRunsUnderPolyvmWithTheGuestArguments) {
  EXPECT_EXIT(execve(riscv_program_, {"prog", "one", "two"}), ::testing::ExitedWithCode(3),
              "^run --isa rv64gc -0 prog " + riscv_program_ + " one two\n$");
}

TEST_F(ExecTest, AScriptWhoseInterpreterIsRiscv64GetsTheKernelsScriptArgv) {
  std::string script = write_file("script", "#!" + riscv_program_ + "  -x  y \nbody\n");
  // binfmt_script: interpreter, its one optional argument (inner blanks kept), the script path,
  // then argv[1...].
  EXPECT_EXIT(execve(script, {"script", "a1"}), ::testing::ExitedWithCode(3),
              "^run --isa rv64gc -0 " + riscv_program_ + " " + riscv_program_ + " -x  y " + script +
                  " a1\n$");
}

TEST_F(ExecTest, AHostProgramIsExecutedDirectly) {
  std::string tool = write_file("host_tool", "#!/bin/sh\necho \"host $*\" >&2\nexit 4\n");
  EXPECT_EXIT(execve(tool, {"host_tool", "z"}), ::testing::ExitedWithCode(4), "^host z\n$");
}

TEST_F(ExecTest, ANonExecutableFileIsRefused) {
  std::string data = write_file("data", "plain text");
  ::chmod(data.c_str(), 0644);
  EXPECT_EQ(execve(data, {"data"}), -EACCES);
}

}  // namespace
}  // namespace polyvm::linux_user
