// Decoding through buckets of candidate rows keyed by the major opcode and funct3, so a lookup
// tries a handful of rows instead of the whole table; rows keep the table's order in each bucket.
#include "guest/riscv64/decoder.h"

#include <vector>

namespace polyvm::guest::riscv64 {

namespace {

constexpr u32 kWideKeys = 256;             // opcode[6:2] x funct3
constexpr u32 kKeyCount = kWideKeys + 32;  // + compressed op[1:0] x funct3[15:13]

constexpr u32 wide_key(u32 raw) {
  return (raw >> 2 & 31) | (raw >> 12 & 7) << 5;
}
constexpr u32 compressed_key(u32 raw) {
  return kWideKeys + ((raw & 3) | (raw >> 13 & 7) << 2);
}
constexpr u32 key_of(u32 raw) {
  return instruction_length(raw) == 4 ? wide_key(raw) : compressed_key(raw);
}

/// A word that has every key bit of `key` and the row's fixed bits elsewhere zero, to test
/// whether the row can match words with that key.
bool row_fits_key(const Pattern& p, u32 key) {
  u32 probe = 0;
  if (key < kWideKeys) {
    probe = 3 | (key & 31) << 2 | (key >> 5) << 12;
    if (p.length != 4) return false;
    u32 key_mask = 31u << 2 | 7u << 12 | 3;
    return ((probe ^ p.match) & p.mask & key_mask) == 0;
  }
  key -= kWideKeys;
  probe = (key & 3) | (key >> 2) << 13;
  if (p.length != 2) return false;
  u32 key_mask = 3u | 7u << 13;
  return ((probe ^ p.match) & p.mask & key_mask) == 0;
}

struct Buckets {
  std::array<std::vector<u16>, kKeyCount> rows;
  Buckets() {
    for (u32 key = 0; key < kKeyCount; ++key) {
      for (std::size_t i = 0; i < kInsts.size(); ++i) {
        if (row_fits_key(kInsts[i].pattern, key)) rows[key].push_back(static_cast<u16>(i));
      }
    }
  }
};

const Buckets& buckets() {
  static const Buckets table;
  return table;
}

}  // namespace

std::string_view mnemonic(Op op) {
  return op == Op::ILLEGAL ? "illegal" : info(op).mnemonic;
}

bool extension_enabled(Ext ext, const IsaConfig& isa) {
  switch (ext) {
    case Ext::kI:
      return true;
    case Ext::kM:
      return isa.m;
    case Ext::kA:
      return isa.a;
    case Ext::kF:
      return isa.f;
    case Ext::kD:
      return isa.d;
    case Ext::kC:
      return isa.c;
    case Ext::kCD:
      return isa.c && isa.d;
    case Ext::kZicsr:
      return isa.zicsr;
    case Ext::kZifencei:
      return isa.zifencei;
    case Ext::kZba:
      return isa.zba;
    case Ext::kZbb:
      return isa.zbb;
    case Ext::kZbs:
      return isa.zbs;
  }
  return false;
}

Decoded decode(u32 raw, const IsaConfig& isa) {
  Decoded d;
  d.length = instruction_length(raw);
  if (d.length == 2) raw &= 0xffff;
  for (u16 index : buckets().rows[key_of(raw)]) {
    const InstInfo& row = kInsts[index];
    if ((raw & row.pattern.mask) != row.pattern.match) continue;
    // The first matching row decides, even when it is disabled or reserved: a later row that
    // also matches is the general case this one carves out of.
    if (!extension_enabled(row.ext, isa) || !row.decode_operands(raw, d.ops))
      return Decoded{.length = d.length};
    d.op = row.op;
    d.runs_as = row.runs_as;
    return d;
  }
  return d;
}

}  // namespace polyvm::guest::riscv64
