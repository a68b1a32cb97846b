// Parsing and printing of the runtime ISA string (Unpriv 20191213, ch. 27: ISA naming).
#include "guest/riscv64/isa.h"

#include <array>
#include <cctype>

namespace polyvm::guest::riscv64 {

namespace {

struct Letter {
  char name;
  bool IsaConfig::*flag;
};

struct Multi {
  std::string_view name;
  bool IsaConfig::*flag;
};

constexpr std::array kLetters{Letter{'m', &IsaConfig::m}, Letter{'a', &IsaConfig::a},
                              Letter{'f', &IsaConfig::f}, Letter{'d', &IsaConfig::d},
                              Letter{'c', &IsaConfig::c}};

constexpr std::array kMulti{Multi{"zicsr", &IsaConfig::zicsr},
                            Multi{"zifencei", &IsaConfig::zifencei}, Multi{"zba", &IsaConfig::zba},
                            Multi{"zbb", &IsaConfig::zbb}, Multi{"zbs", &IsaConfig::zbs}};

IsaConfig none() {
  IsaConfig isa;
  for (const auto& l : kLetters) isa.*l.flag = false;
  for (const auto& m : kMulti) isa.*m.flag = false;
  return isa;
}

Result<void> parse_letters(std::string_view letters, IsaConfig& isa) {
  for (char ch : letters) {
    if (ch == 'i') continue;
    if (ch == 'g') {
      isa.m = isa.a = isa.f = isa.d = isa.zicsr = isa.zifencei = true;
      continue;
    }
    bool known = false;
    for (const auto& l : kLetters) {
      if (l.name == ch) isa.*l.flag = known = true;
    }
    if (!known) return fail("unsupported ISA extension '{}' (polyvm knows i m a f d c g)", ch);
  }
  return {};
}

Result<void> parse_multi(std::string_view name, IsaConfig& isa) {
  for (const auto& m : kMulti) {
    if (m.name == name) {
      isa.*m.flag = true;
      return {};
    }
  }
  return fail("unsupported ISA extension '{}' (polyvm knows zicsr zifencei zba zbb zbs)", name);
}

}  // namespace

Result<IsaConfig> IsaConfig::parse(std::string_view text) {
  std::string lower;
  for (char ch : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string_view rest = lower;
  if (!rest.starts_with("rv64")) return fail("ISA string '{}' must start with rv64", text);
  rest.remove_prefix(4);
  if (rest.empty() || (rest[0] != 'i' && rest[0] != 'g')) {
    return fail("ISA string '{}' needs the base i (or g) after rv64", text);
  }
  IsaConfig isa = none();
  auto underscore = rest.find('_');
  if (auto r = parse_letters(rest.substr(0, underscore), isa); !r)
    return std::unexpected(r.error());
  while (underscore != std::string_view::npos) {
    rest.remove_prefix(underscore + 1);
    underscore = rest.find('_');
    auto name = rest.substr(0, underscore);
    if (name.empty()) continue;
    if (auto r = parse_multi(name, isa); !r) return std::unexpected(r.error());
  }
  if (isa.d && !isa.f) return fail("ISA string '{}': d needs f", text);
  if ((isa.f || isa.d) && !isa.zicsr) isa.zicsr = true;  // F implies Zicsr (Unpriv 11.1)
  return isa;
}

std::string IsaConfig::to_string() const {
  std::string s = "rv64i";
  for (const auto& letter : kLetters) {
    if (this->*letter.flag) s += letter.name;
  }
  for (const auto& multi : kMulti) {
    if (this->*multi.flag) s += fmt::format("_{}", multi.name);
  }
  return s;
}

u64 IsaConfig::hwcap() const {
  u64 bits = u64{1} << ('i' - 'a');
  for (const auto& letter : kLetters) {
    if (this->*letter.flag) bits |= u64{1} << (letter.name - 'a');
  }
  return bits;
}

}  // namespace polyvm::guest::riscv64
