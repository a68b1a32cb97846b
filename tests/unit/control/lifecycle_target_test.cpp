// The shared ControlTarget over a Lifecycle: the engine's hooks run only for transitions the
// table allows, no-ops (QEMU's stop of a stopped VM, cont of a running one) never reach them, and
// refusals carry the lifecycle's explanation.
#include "control/lifecycle_target.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace polyvm::control {
namespace {

using nlohmann::json;

class LifecycleTargetTest : public ::testing::Test {
 protected:
  EngineHooks hooks() {
    return {.pause = [this] { return record("pause"); },
            .resume = [this] { return record("resume"); },
            .quit = [this] { (void)record("quit"); },
            .reset = [this] { return record("reset"); },
            .cpus =
                [] {
                  return json::array({{{"cpu-index", 0}, {"pc", 4096}, {"mode", "U"}}});
                }};
  }
  Result<void> record(std::string call) {
    calls_.push_back(std::move(call));
    if (fail_next_) {
      fail_next_ = false;
      return fail("engine refused");
    }
    return {};
  }

  Lifecycle lifecycle_;
  std::vector<std::string> calls_;
  bool fail_next_ = false;
  LifecycleTarget target_{lifecycle_, "user mode", hooks()};
};

TEST_F(LifecycleTargetTest, StopAndContDriveTheEngineAndTheLifecycle) {
  ASSERT_TRUE(lifecycle_.request(VmState::kRunning, Cause::kUserRequest));
  EXPECT_EQ(target_.stop(), json::object());
  EXPECT_EQ(target_.query_status(), json::parse(R"({"running": false, "status": "paused"})"));
  EXPECT_EQ(target_.stop(), json::object());  // no-op: the engine is not asked again
  EXPECT_EQ(target_.cont(), json::object());
  EXPECT_EQ(target_.cont(), json::object());
  EXPECT_EQ(calls_, (std::vector<std::string>{"pause", "resume"}));
  EXPECT_EQ(lifecycle_.journal().size(), 3u);
}

TEST_F(LifecycleTargetTest, ContOfAStoppedVmIsRefusedWithoutTouchingTheEngine) {
  ASSERT_TRUE(lifecycle_.request(VmState::kRunning, Cause::kUserRequest));
  EXPECT_EQ(target_.quit(), json::object());
  const Reply resumed = target_.cont();
  ASSERT_FALSE(resumed);
  EXPECT_EQ(resumed.error().error_class, ErrorClass::kGenericError);
  EXPECT_NE(resumed.error().desc.find("stopped"), std::string::npos);
  EXPECT_EQ(calls_, std::vector<std::string>{"quit"});
  EXPECT_EQ(target_.query_status()->at("status"), "shutdown");
}

TEST_F(LifecycleTargetTest, EngineFailureLeavesTheStateAlone) {
  ASSERT_TRUE(lifecycle_.request(VmState::kRunning, Cause::kUserRequest));
  fail_next_ = true;
  const Reply stopped = target_.stop();
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().desc, "engine refused");
  EXPECT_EQ(lifecycle_.state(), VmState::kRunning);
}

TEST_F(LifecycleTargetTest, ResetKeepsTheStateAndIsJournaled) {
  EXPECT_FALSE(target_.system_reset());  // not started yet
  ASSERT_TRUE(lifecycle_.request(VmState::kRunning, Cause::kUserRequest));
  EXPECT_EQ(target_.system_reset(), json::object());
  EXPECT_EQ(lifecycle_.state(), VmState::kRunning);
  const json journal = *target_.query_journal();
  ASSERT_EQ(journal.size(), 2u);
  EXPECT_EQ(journal[1]["cause"], "guest-reset");
}

TEST_F(LifecycleTargetTest, MissingHooksAreNotSupportedInThisMode) {
  EXPECT_EQ(target_.system_powerdown().error().desc,
            "'system_powerdown' is not supported in user mode");
  EXPECT_EQ(target_.query_stats().error().desc, "'query-stats' is not supported in user mode");
  EXPECT_EQ(target_.snapshot_save("x").error().desc,
            "'snapshot-save' is not supported in user mode");
  EXPECT_EQ(target_.query_cpus()->at(0)["mode"], "U");
}

}  // namespace
}  // namespace polyvm::control
