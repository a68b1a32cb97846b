// The lifecycle of ../ARCHITECTURE.md ("Created -> Running <-> Paused -> Stopped, and Running ->
// Stopped") and issue 5 (no resume of a stopped VM; pause of a paused VM is a no-op), checked over
// every (from, to, cause) triple against rules written here independently of the table.
#include "core/lifecycle.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace polyvm {
namespace {

using enum VmState;
using enum Cause;

struct Expected {
  bool allowed;
  Outcome outcome;
};

bool is_one_of(Cause cause, std::initializer_list<Cause> causes) {
  return std::ranges::find(causes, cause) != causes.end();
}

// The rules, stated per target state rather than as a table.
Expected expected(VmState from, VmState to, Cause cause) {
  const bool control = is_one_of(cause, {kUserRequest, kSnapshot, kDebugger});
  if (from == kStopped) {  // terminal: asking to stop again is harmless, nothing else is allowed
    return {to == kStopped && is_one_of(cause, {kUserRequest, kGuestShutdown, kHostError}),
            Outcome::kNoOp};
  }
  if (cause == kGuestReset) {  // a reset keeps a started VM's state
    return {from == to && from != kCreated, Outcome::kApplied};
  }
  if (from == to) return {from != kCreated && control, Outcome::kNoOp};
  switch (to) {
    case kCreated:
      return {false, Outcome::kNoOp};
    case kRunning:
      return {control, Outcome::kApplied};
    case kPaused:
      return {control || (from == kRunning && cause == kGuestPanic), Outcome::kApplied};
    case kStopped:
      if (from == kRunning) {
        return {is_one_of(cause, {kUserRequest, kGuestShutdown, kGuestPanic, kHostError}),
                Outcome::kApplied};
      }
      return {is_one_of(cause, {kUserRequest, kHostError}), Outcome::kApplied};
  }
  return {false, Outcome::kNoOp};
}

TEST(Lifecycle, EveryTripleOfTheTableMatchesTheRules) {
  int allowed = 0;
  for (int f = 0; f < kVmStateCount; ++f) {
    for (int t = 0; t < kVmStateCount; ++t) {
      for (int c = 0; c < kCauseCount; ++c) {
        const auto from = static_cast<VmState>(f);
        const auto to = static_cast<VmState>(t);
        const auto cause = static_cast<Cause>(c);
        const Verdict verdict = judge(from, to, cause);
        const Expected want = expected(from, to, cause);
        SCOPED_TRACE(
            fmt::format("{} -> {} ({})", to_string(from), to_string(to), to_string(cause)));
        ASSERT_EQ(verdict.allowed, want.allowed);
        if (want.allowed) {
          ++allowed;
          EXPECT_EQ(verdict.outcome, want.outcome);
        }
      }
    }
  }
  EXPECT_EQ(allowed, 32);  // counted by hand from the rules above
}

TEST(Lifecycle, StartsCreatedWithAnEmptyJournal) {
  Lifecycle vm;
  EXPECT_EQ(vm.state(), kCreated);
  EXPECT_TRUE(vm.journal().empty());
}

TEST(Lifecycle, PauseOfAPausedVmIsANoOpAndNotJournaled) {
  Lifecycle vm;
  ASSERT_EQ(vm.request(kRunning, kUserRequest), Outcome::kApplied);
  ASSERT_EQ(vm.request(kPaused, kUserRequest), Outcome::kApplied);
  EXPECT_EQ(vm.request(kPaused, kUserRequest), Outcome::kNoOp);
  EXPECT_EQ(vm.state(), kPaused);
  EXPECT_EQ(vm.journal().size(), 2u);
}

TEST(Lifecycle, ResumeOfAStoppedVmIsAClearErrorAndChangesNothing) {
  Lifecycle vm;
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));
  ASSERT_TRUE(vm.request(kStopped, kGuestShutdown));
  const auto resumed = vm.request(kRunning, kUserRequest);
  ASSERT_FALSE(resumed);
  EXPECT_NE(resumed.error().message.find("stopped"), std::string::npos);
  EXPECT_EQ(vm.state(), kStopped);
  EXPECT_EQ(vm.journal().size(), 2u);
}

TEST(Lifecycle, RefusedTransitionNamesBothStates) {
  Lifecycle vm;
  const auto refused = vm.request(kCreated, kUserRequest);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "the VM cannot go from created to created (user-request)");
}

TEST(Lifecycle, JournalRecordsFromToCauseAndOrderedTimes) {
  Lifecycle vm;
  const auto before = std::chrono::system_clock::now();
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));
  ASSERT_TRUE(vm.request(kPaused, kSnapshot));
  ASSERT_TRUE(vm.request(kRunning, kSnapshot));
  ASSERT_TRUE(vm.request(kRunning, kGuestReset));
  ASSERT_TRUE(vm.request(kStopped, kGuestPanic));
  const auto after = std::chrono::system_clock::now();
  const std::vector<TransitionEvent> journal = vm.journal();
  ASSERT_EQ(journal.size(), 5u);
  const std::vector<std::tuple<VmState, VmState, Cause>> want = {{kCreated, kRunning, kUserRequest},
                                                                 {kRunning, kPaused, kSnapshot},
                                                                 {kPaused, kRunning, kSnapshot},
                                                                 {kRunning, kRunning, kGuestReset},
                                                                 {kRunning, kStopped, kGuestPanic}};
  for (size_t i = 0; i < journal.size(); ++i) {
    EXPECT_EQ(std::tuple(journal[i].from, journal[i].to, journal[i].cause), want[i]) << i;
    EXPECT_GE(journal[i].wall, before);
    EXPECT_LE(journal[i].wall, after);
    if (i > 0) {
      EXPECT_GE(journal[i].monotonic, journal[i - 1].monotonic);
    }
  }
}

TEST(Lifecycle, ListenersSeeEachAppliedTransitionOnce) {
  Lifecycle vm;
  std::vector<VmState> seen;
  vm.add_listener([&](const TransitionEvent& event) { seen.push_back(event.to); });
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));  // no-op: not announced
  ASSERT_TRUE(vm.request(kPaused, kDebugger));
  EXPECT_FALSE(vm.request(kCreated, kUserRequest));  // refused: not announced
  EXPECT_EQ(seen, (std::vector<VmState>{kRunning, kPaused}));
}

TEST(Lifecycle, JournalFileGetsOneJsonLinePerTransition) {
  const auto path =
      std::filesystem::temp_directory_path() / fmt::format("polyvm_journal_{}.jsonl", ::getpid());
  std::filesystem::remove(path);
  {
    Lifecycle vm;
    ASSERT_TRUE(vm.open_journal_file(path.string()));
    ASSERT_TRUE(vm.request(kRunning, kUserRequest));
    ASSERT_TRUE(vm.request(kStopped, kGuestShutdown));
  }
  std::ifstream file(path);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(nlohmann::json::parse(line));
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["from"], "created");
  EXPECT_EQ(lines[0]["to"], "running");
  EXPECT_EQ(lines[0]["cause"], "user-request");
  EXPECT_EQ(lines[1]["from"], "running");
  EXPECT_EQ(lines[1]["to"], "stopped");
  EXPECT_EQ(lines[1]["cause"], "guest-shutdown");
  EXPECT_GT(lines[1]["wall_ns"].get<s64>(), 1'600'000'000'000'000'000);  // after Sep 2020
  EXPECT_GE(lines[1]["monotonic_ns"].get<s64>(), lines[0]["monotonic_ns"].get<s64>());
}

TEST(Lifecycle, JournalFileThatCannotBeOpenedIsAnError) {
  Lifecycle vm;
  const auto opened = vm.open_journal_file("/nonexistent-dir/journal.jsonl");
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("/nonexistent-dir/journal.jsonl"), std::string::npos);
}

TEST(Lifecycle, ConcurrentPauseAndResumeKeepTheJournalConsistent) {
  Lifecycle vm;
  ASSERT_TRUE(vm.request(kRunning, kUserRequest));
  std::vector<std::jthread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&vm, t] {
      for (int i = 0; i < 1000; ++i) {
        (void)vm.request((i + t) % 2 == 0 ? kPaused : kRunning, kUserRequest);
      }
    });
  }
  threads.clear();
  const auto journal = vm.journal();
  for (size_t i = 1; i < journal.size(); ++i) {
    EXPECT_EQ(journal[i].from, journal[i - 1].to) << i;  // no lost or interleaved update
    EXPECT_NE(journal[i].from, journal[i].to) << i;
  }
  EXPECT_EQ(journal.back().to, vm.state());
}

}  // namespace
}  // namespace polyvm
