// A thread that sleeps until a device's next timer deadline and then lets the device raise its
// interrupt, so guest timers fire while harts run or sleep in WFI.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace polyvm::board {

/// Asks `next` how long until the next deadline (nullopt: none armed), sleeps that long or until
/// kick(), then calls `expire`. `next` must stop returning zero once `expire` has run (the CLINT
/// leaves raised timers out).
///
///   DeadlineTimer timer([&] { return clint.time_to_next_timer(); }, [&] { clint.update(); });
///   clint.set_timer_listener([&] { timer.kick(); });
class DeadlineTimer {
 public:
  using Next = std::function<std::optional<std::chrono::nanoseconds>()>;

  DeadlineTimer(Next next, std::function<void()> expire);
  ~DeadlineTimer();
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

  /// The deadlines changed: recompute; any thread, also under the device's lock.
  void kick();

 private:
  void loop();

  Next next_;
  std::function<void()> expire_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool kicked_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace polyvm::board
