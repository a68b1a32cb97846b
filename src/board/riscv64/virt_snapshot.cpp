// Snapshots of the virt machine: every part's state into one file (core/snapshot_file.h), and
// back, only after the whole file has been checked against this machine.
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <map>
#include <optional>

#include "board/riscv64/reset_vector.h"
#include "board/riscv64/virt_memory_map.h"
#include "board/riscv64/virt_parts.h"
#include "core/page_image.h"
#include "core/snapshot_file.h"
#include "guest/riscv64/system/hart_state.h"

namespace polyvm::board::riscv64 {

namespace {

/// The memory a snapshot holds: RAM and the mask ROM (the reset vector and its boot data).
struct Region {
  const char* name;
  u64 base;
  u64 size;
};

std::vector<Region> regions(const VirtMachine::Parts& p) {
  return {{"ram", kRamBase, p.options.ram_size}, {"rom", kMromBase, kMromSize}};
}

std::span<u8> region_bytes(const VirtMachine::Parts& p, const Region& r) {
  u8* host = p.memory.ram(PAddr{r.base}, r.size);
  assert(host && "map_memory added both regions");
  return {host, r.size};
}

/// What a snapshot can only be restored into, one "key=value" line each: the options that decide
/// the shape of the machine's state. (Disk images are outside the snapshot, as with QEMU's
/// raw drives: restore with the disks as they were when it was taken.)
std::map<std::string, std::string> machine_description(const VirtMachine::Parts& p) {
  std::string slots;
  for (unsigned n = 0; n < kVirtioSlots; ++n) {
    const std::size_t index = kVirtioSlots - 1 - n;  // attach_virtio fills slots from the top
    const u32 id = index < p.virtio_devices.size() ? p.virtio_devices[index]->device_id() : 0;
    slots += fmt::format("{}{}", n ? "," : "", id);
  }
  return {{"ram", fmt::format("{} MiB", p.options.ram_size >> 20)},
          {"harts", fmt::format("{}", p.options.harts)},
          {"isa", p.options.isa.to_string()},
          {"virtio device ids by slot", slots}};
}

std::vector<u8> encode_description(const std::map<std::string, std::string>& description) {
  std::string text;
  for (const auto& [key, value] : description) text += fmt::format("{}={}\n", key, value);
  return {text.begin(), text.end()};
}

Result<void> check_machine(std::span<const u8> section, const VirtMachine::Parts& p,
                           const std::string& path) {
  std::map<std::string, std::string> theirs;
  const std::string text(section.begin(), section.end());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string line = text.substr(at, end - at);
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) return fail("snapshot {}: its machine section is malformed", path);
    theirs[line.substr(0, eq)] = line.substr(eq + 1);
    at = end + 1;
  }
  for (const auto& [key, ours] : machine_description(p)) {
    const auto it = theirs.find(key);
    const std::string there = it == theirs.end() ? "(none)" : it->second;
    if (there != ours) {
      return fail("snapshot {} is of a different machine: {} {} there, {} here", path, key, there,
                  ours);
    }
  }
  return {};
}

std::string hart_section(std::size_t i) {
  return fmt::format("hart.{}", i);
}

std::string slot_section(std::size_t n) {
  return fmt::format("virtio.{}", n);
}

/// Everything a snapshot holds, parsed and checked, ready to apply.
struct Staged {
  std::vector<sys::HartState> harts;
  device::Clint::State clint;
  device::Plic::State plic;
  device::Uart16550::State uart;
  std::vector<device::VirtioMmio::State> slots;
  std::vector<PageImage> memory;  ///< by regions()
};

/// Reads the sections of one snapshot file, each with the parser of its part, and remembers
/// which it read, so sections no part claims can be refused.
class SectionParser {
 public:
  SectionParser(const SnapshotFile& file, const std::string& path) : file_(file), path_(path) {}

  /// `parse` (span -> Result<T>) applied to section `name`; errors name the file.
  template <typename Parse>
  auto operator()(const std::string& name, Parse parse) {
    read_.push_back(name);
    using Parsed = decltype(parse(std::span<const u8>{}));
    auto section = file_.section(name);
    if (!section) return Parsed(std::unexpected(section.error()));
    Parsed parsed = parse(*section);
    if (!parsed) return Parsed(fail("snapshot {}: {}", path_, parsed.error().message));
    return parsed;
  }

  Result<void> nothing_unread() const {
    for (const SnapshotFile::View& v : file_.sections()) {
      if (std::find(read_.begin(), read_.end(), v.name) == read_.end()) {
        return fail("snapshot {} has a section '{}' this machine has no part for", path_, v.name);
      }
    }
    return {};
  }

 private:
  const SnapshotFile& file_;
  const std::string& path_;
  std::vector<std::string> read_ = {"machine"};  ///< check_machine reads it
};

Result<Staged> stage(const SnapshotFile& file, const VirtMachine::Parts& p,
                     const std::string& path) {
  SectionParser parse(file, path);
  Staged s;
  for (std::size_t i = 0; i < p.harts.size(); ++i) {
    auto hart = parse(hart_section(i), [&](std::span<const u8> section) {
      return sys::parse_hart(section, i, hart_section(i));
    });
    if (!hart) return std::unexpected(hart.error());
    s.harts.push_back(std::move(*hart));
  }
  auto clint = parse("clint", [&](std::span<const u8> d) { return p.clint.parse(d); });
  if (!clint) return std::unexpected(clint.error());
  auto plic = parse("plic", [&](std::span<const u8> d) { return p.plic.parse(d); });
  if (!plic) return std::unexpected(plic.error());
  auto uart = parse("uart", [&](std::span<const u8> d) { return p.uart.parse(d); });
  if (!uart) return std::unexpected(uart.error());
  s.clint = std::move(*clint);
  s.plic = std::move(*plic);
  s.uart = std::move(*uart);
  for (std::size_t n = 0; n < p.slots.size(); ++n) {
    auto slot = parse(slot_section(n), [&](std::span<const u8> d) { return p.slots[n]->parse(d); });
    if (!slot) return std::unexpected(slot.error());
    s.slots.push_back(std::move(*slot));
  }
  for (const Region& r : regions(p)) {
    auto image =
        parse(r.name, [&](std::span<const u8> d) { return PageImage::decode(d, r.size, r.name); });
    if (!image) return std::unexpected(image.error());
    s.memory.push_back(std::move(*image));
  }
  if (auto all = parse.nothing_unread(); !all) return std::unexpected(all.error());
  return s;
}

}  // namespace

Result<void> VirtMachine::save_snapshot(const std::string& path) {
  std::lock_guard parts_lock(parts_mutex_);
  Parts& p = *parts_;
  std::vector<SnapshotSection> sections;
  sections.push_back({"machine", encode_description(machine_description(p))});
  for (std::size_t i = 0; i < p.harts.size(); ++i) {
    sections.push_back({hart_section(i), sys::save_hart(*p.harts[i])});
  }
  sections.push_back({"clint", p.clint.save()});
  sections.push_back({"plic", p.plic.save()});
  sections.push_back({"uart", p.uart.save()});
  for (std::size_t n = 0; n < p.slots.size(); ++n) {
    sections.push_back({slot_section(n), p.slots[n]->save()});
  }
  for (const Region& r : regions(p)) {
    sections.push_back({r.name, encode_page_image(region_bytes(p, r))});
  }
  return write_snapshot_file(path, sections);
}

Result<void> VirtMachine::load_snapshot(const std::string& path) {
  std::lock_guard parts_lock(parts_mutex_);
  Parts& p = *parts_;
  auto file = SnapshotFile::read(path);
  if (!file) return std::unexpected(file.error());
  auto machine = file->section("machine");
  if (!machine) return std::unexpected(machine.error());
  if (auto same = check_machine(*machine, p, path); !same) return same;
  auto staged = stage(*file, p, path);
  if (!staged) return std::unexpected(staged.error());

  // Nothing can fail from here on. Memory first (the queues' rings live there), then the harts,
  // whose device-driven mip bits restore_hart clears, then the devices, which drive them again:
  // the PLIC before the UART and the slots, whose lines feed it.
  const std::vector<Region> memory = regions(p);
  for (std::size_t i = 0; i < memory.size(); ++i) {
    staged->memory[i].apply(region_bytes(p, memory[i]));
  }
  for (std::size_t i = 0; i < p.harts.size(); ++i) sys::restore_hart(*p.harts[i], staged->harts[i]);
  p.clint.restore(staged->clint);
  p.plic.restore(staged->plic);
  p.uart.restore(staged->uart);
  for (std::size_t n = 0; n < p.slots.size(); ++n) p.slots[n]->restore(staged->slots[n]);
  return {};
}

}  // namespace polyvm::board::riscv64
