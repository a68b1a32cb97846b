// A ControlTarget that records the calls it gets and answers with fixed values, so tests can
// see that the protocol reached it (or did not) without any engine behind it.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "control/control_target.h"

namespace polyvm::control {

class FakeTarget : public ControlTarget {
 public:
  std::string_view mode() const override { return "test mode"; }

  Reply query_status() override { return record("query-status", {{"running", true}}); }
  Reply stop() override { return record("stop", nlohmann::json::object()); }
  Reply cont() override { return record("cont", nlohmann::json::object()); }
  Reply quit() override { return record("quit", nlohmann::json::object()); }
  Reply system_reset() override { return record("system_reset", nlohmann::json::object()); }
  Reply query_cpus() override {
    return record("query-cpus", nlohmann::json::array({{{"cpu-index", 0}, {"pc", 0x10078}}}));
  }
  Reply query_stats() override { return record("query-stats", {{"instructions", 12345}}); }
  Reply snapshot_save(const std::string& filename) override {
    return record("snapshot-save " + filename, nlohmann::json::object());
  }
  Reply snapshot_load(const std::string& filename) override {
    record("snapshot-load " + filename, nullptr);
    return generic_error("no snapshot in " + filename);
  }
  Reply query_journal() override { return record("query-journal", nlohmann::json::array()); }
  // system_powerdown keeps the default: "not supported in test mode".

  std::vector<std::string> calls() const {
    std::scoped_lock lock(mutex_);
    return calls_;
  }

 private:
  Reply record(std::string call, nlohmann::json value) {
    std::scoped_lock lock(mutex_);
    calls_.push_back(std::move(call));
    return value;
  }

  mutable std::mutex mutex_;
  std::vector<std::string> calls_;
};

}  // namespace polyvm::control
