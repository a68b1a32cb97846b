// std::thread, std::mutex, std::condition_variable, std::async/future and thread_local storage.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <future>
#include <mutex>
#include <numeric>
#include <thread>
#include <vector>

namespace {

thread_local int tls_value = 7;
std::mutex mutex;
long shared_total = 0;

long partial_sum(const std::vector<long>& v, size_t begin, size_t end) {
  return std::accumulate(v.begin() + static_cast<long>(begin), v.begin() + static_cast<long>(end), 0L);
}

}  // namespace

int main() {
  std::vector<long> data(1'000'000);
  std::iota(data.begin(), data.end(), 1);
  const unsigned kWorkers = 4;
  std::vector<std::thread> threads;
  std::vector<long> results(kWorkers);
  for (unsigned i = 0; i < kWorkers; i++) {
    threads.emplace_back([&, i] {
      size_t chunk = data.size() / kWorkers;
      results[i] = partial_sum(data, i * chunk, (i + 1) * chunk);
      tls_value += static_cast<int>(i);
      std::lock_guard lock(mutex);
      shared_total += tls_value;
    });
  }
  for (auto& t : threads) t.join();
  std::printf("sum=%ld tls_total=%ld main tls=%d\n", std::accumulate(results.begin(), results.end(), 0L),
              shared_total, tls_value);

  std::vector<std::future<long>> futures;
  for (int i = 0; i < 4; i++)
    futures.push_back(std::async(std::launch::async, [i] { return static_cast<long>(i) * i * 1000; }));
  long fsum = 0;
  for (auto& f : futures) fsum += f.get();
  std::printf("futures=%ld\n", fsum);

  std::condition_variable cv;
  bool ready = false;
  int stage = 0;
  std::thread waiter([&] {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return ready; });
    stage = 2;
  });
  {
    std::lock_guard lock(mutex);
    stage = 1;
    ready = true;
  }
  cv.notify_one();
  waiter.join();
  std::printf("stage=%d\n", stage);

  std::atomic<int> hits{0};
  std::vector<std::jthread> jthreads;
  for (int i = 0; i < 8; i++)
    jthreads.emplace_back([&] {
      for (int k = 0; k < 10000; k++) hits.fetch_add(1, std::memory_order_relaxed);
    });
  jthreads.clear();
  std::printf("hits=%d hardware_concurrency>0=%d\n", hits.load(), std::thread::hardware_concurrency() > 0);
  std::promise<std::string> promise;
  auto fut = promise.get_future();
  std::thread setter([&] { promise.set_value("from promise"); });
  std::printf("%s\n", fut.get().c_str());
  setter.join();
  return 0;
}
