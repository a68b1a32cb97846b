// C++ exceptions: throw/catch across frames, rethrow, nested, destructors run during unwinding.
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

namespace {

int destroyed = 0;

struct Guard {
  int id;
  ~Guard() { destroyed += id; }
};

struct Custom : std::runtime_error {
  int code;
  Custom(const std::string& what, int c) : std::runtime_error(what), code(c) {}
};

[[gnu::noinline]] int deep(int n) {
  Guard g{n};
  if (n == 0) throw Custom("bottom reached", 77);
  return deep(n - 1) + 1;
}

[[gnu::noinline]] void rethrower() {
  try {
    throw std::out_of_range("range");
  } catch (const std::exception& e) {
    std::printf("caught first: %s\n", e.what());
    throw;
  }
}

}  // namespace

int main() {
  try {
    deep(10);
  } catch (const Custom& e) {
    std::printf("caught Custom: %s code=%d destroyed=%d\n", e.what(), e.code, destroyed);
  }
  try {
    rethrower();
  } catch (const std::out_of_range& e) {
    std::printf("caught rethrown out_of_range: %s\n", e.what());
  }
  try {
    std::vector<int> v(3);
    (void)v.at(5);
  } catch (const std::out_of_range&) {
    std::printf("vector::at threw out_of_range\n");
  }
  try {
    throw 42;
  } catch (int x) {
    std::printf("caught int %d\n", x);
  }
  try {
    try {
      throw std::runtime_error("inner");
    } catch (...) {
      std::throw_with_nested(std::logic_error("outer"));
    }
  } catch (const std::logic_error& e) {
    std::printf("outer: %s\n", e.what());
    try {
      std::rethrow_if_nested(e);
    } catch (const std::runtime_error& inner) {
      std::printf("nested: %s\n", inner.what());
    }
  }
  std::exception_ptr saved;
  try {
    throw std::system_error(std::make_error_code(std::errc::invalid_argument), "sys");
  } catch (...) {
    saved = std::current_exception();
  }
  try {
    std::rethrow_exception(saved);
  } catch (const std::system_error& e) {
    std::printf("system_error code=%d\n", e.code().value());
  }
  try {
    auto p = std::make_unique<Guard>(Guard{1000});
    throw std::bad_alloc();
  } catch (const std::bad_alloc& e) {
    std::printf("bad_alloc: destroyed=%d\n", destroyed);
  }
  int caught = 0;
  for (int i = 0; i < 10000; i++) {
    try {
      if (i % 3 == 0) throw i;
    } catch (int v) {
      caught += v;
    }
  }
  std::printf("loop caught sum=%d\n", caught);
  return 0;
}
