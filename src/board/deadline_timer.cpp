// The timer thread's loop: wait for the next deadline or a kick, whichever comes first.
#include "board/deadline_timer.h"

namespace polyvm::board {

DeadlineTimer::DeadlineTimer(Next next, std::function<void()> expire)
    : next_(std::move(next)), expire_(std::move(expire)), thread_([this] { loop(); }) {}

DeadlineTimer::~DeadlineTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void DeadlineTimer::kick() {
  {
    std::lock_guard lock(mutex_);
    kicked_ = true;
  }
  changed_.notify_all();
}

void DeadlineTimer::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    kicked_ = false;
    lock.unlock();
    const std::optional<std::chrono::nanoseconds> wait = next_();  // takes the device's lock
    if (wait && wait->count() == 0) {
      expire_();
      lock.lock();
      continue;
    }
    lock.lock();
    const auto woken = [this] { return kicked_ || stopping_; };
    if (!wait) {
      changed_.wait(lock, woken);
    } else {
      changed_.wait_for(lock, *wait, woken);
    }
  }
}

}  // namespace polyvm::board
