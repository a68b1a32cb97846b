// More of the C++ library: regex, filesystem, <random> with fixed seeds, to_chars/from_chars,
// variant/optional/any, chrono arithmetic, std::function and virtual dispatch.
#include <any>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <regex>
#include <string>
#include <variant>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Shape {
  virtual ~Shape() = default;
  virtual double area() const = 0;
};
struct Square : Shape {
  double s;
  explicit Square(double side) : s(side) {}
  double area() const override { return s * s; }
};
struct Circle : Shape {
  double r;
  explicit Circle(double radius) : r(radius) {}
  double area() const override { return 3.25 * r * r; }
};

}  // namespace

int main() {
  std::regex date(R"((\d{4})-(\d{2})-(\d{2}))");
  std::string text = "from 2023-01-15 to 2024-12-31, not 99-1-1";
  int matches = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), date), end; it != end; ++it) {
    std::printf("date %s year %s\n", it->str().c_str(), (*it)[1].str().c_str());
    matches++;
  }
  std::printf("regex_replace: %s\n", std::regex_replace(text, date, "$3/$2/$1").c_str());

  fs::create_directories("tree/a/b");
  std::ofstream("tree/a/one.txt") << "1";
  std::ofstream("tree/a/b/two.txt") << "22";
  std::vector<std::string> entries;
  for (const auto& e : fs::recursive_directory_iterator("tree"))
    entries.push_back(e.path().generic_string() + (e.is_directory() ? "/" : ""));
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) std::printf("fs: %s\n", e.c_str());
  std::printf("file_size=%ju exists=%d\n", static_cast<std::uintmax_t>(fs::file_size("tree/a/b/two.txt")),
              fs::exists("tree/a/one.txt"));
  fs::rename("tree/a/one.txt", "tree/uno.txt");
  std::printf("removed %ju\n", static_cast<std::uintmax_t>(fs::remove_all("tree")));

  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> dice(1, 6);
  std::normal_distribution<double> normal(0.0, 1.0);
  long dsum = 0;
  double nsum = 0;
  for (int i = 0; i < 10000; i++) {
    dsum += dice(rng);
    nsum += normal(rng);
  }
  std::printf("mt19937_64 first=%llu dice sum=%ld normal sum=%.12f\n",
              static_cast<unsigned long long>(std::mt19937_64(42)()), dsum, nsum);

  char buf[64];
  for (double v : {0.1, 1e23, 5e-324, 123456.789, -0.0, 2.0 / 3.0}) {
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    *r.ptr = 0;
    double back = 0;
    std::from_chars(buf, r.ptr, back);
    std::printf("to_chars %s roundtrip=%d\n", buf, back == v);
  }
  auto r = std::to_chars(buf, buf + sizeof buf, 255, 16);
  *r.ptr = 0;
  std::printf("hex %s\n", buf);

  std::variant<int, std::string, double> var = 3.5;
  std::printf("variant index=%zu\n", var.index());
  var = std::string("text");
  std::visit([](const auto& x) { std::printf("visit size=%zu\n", sizeof(x)); }, var);
  std::optional<int> none, some = 7;
  std::printf("optional %d %d\n", none.value_or(-1), some.value_or(-1));
  std::any any = std::string("held");
  std::printf("any holds string=%d\n", any.type() == typeid(std::string));

  using namespace std::chrono_literals;
  auto total = 1h + 30min + 45s + 500ms;
  std::printf("chrono ms=%lld\n", static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(total).count()));

  std::vector<std::unique_ptr<Shape>> shapes;
  for (int i = 1; i <= 10; i++) {
    if (i % 2) shapes.push_back(std::make_unique<Square>(i));
    else shapes.push_back(std::make_unique<Circle>(i));
  }
  double area = 0;
  for (const auto& s : shapes) area += s->area();
  std::function<double(double)> twice = [](double x) { return 2 * x; };
  std::printf("areas=%g twice=%g matches=%d\n", area, twice(area), matches);
  return 0;
}
