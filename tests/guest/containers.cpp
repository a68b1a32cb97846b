// Heavy standard library use: vector, map, unordered_map, string, sort, algorithms, shared_ptr.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <numeric>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

uint64_t lcg(uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return state >> 33;
}

}  // namespace

int main() {
  uint64_t seed = 12345;
  std::vector<uint64_t> v;
  for (int i = 0; i < 200000; i++) v.push_back(lcg(seed) % 1000000);
  std::sort(v.begin(), v.end());
  auto unique_end = std::unique(v.begin(), v.end());
  std::printf("unique=%ld median=%lu\n", unique_end - v.begin(), v[v.size() / 2]);
  std::printf("sum=%lu\n", std::accumulate(v.begin(), v.end(), uint64_t{0}));

  std::map<std::string, int> words;
  std::unordered_map<int, std::string> names;
  for (int i = 0; i < 20000; i++) {
    std::string key = "k" + std::to_string(lcg(seed) % 5000);
    words[key]++;
    names[i % 777] += static_cast<char>('a' + i % 26);
  }
  std::printf("distinct words=%zu first=%s last=%s\n", words.size(), words.begin()->first.c_str(),
              words.rbegin()->first.c_str());
  size_t total_len = 0;
  for (const auto& [k, s] : names) total_len += s.size() + static_cast<size_t>(k);
  std::printf("names=%zu total=%zu\n", names.size(), total_len);

  std::string text;
  for (int i = 0; i < 1000; i++) text += std::to_string(i) + ",";
  size_t commas = static_cast<size_t>(std::count(text.begin(), text.end(), ','));
  auto pos = text.find("999");
  std::string sub = text.substr(100, 20);
  std::reverse(sub.begin(), sub.end());
  std::printf("len=%zu commas=%zu pos999=%zu sub=%s\n", text.size(), commas, pos, sub.c_str());

  std::set<int> s;
  for (int i = 0; i < 1000; i++) s.insert(static_cast<int>(lcg(seed) % 300));
  auto lb = s.lower_bound(150);
  std::printf("set size=%zu lower_bound(150)=%d\n", s.size(), *lb);

  std::vector<std::shared_ptr<std::vector<int>>> nested;
  for (int i = 0; i < 100; i++) nested.push_back(std::make_shared<std::vector<int>>(i, i));
  long nsum = 0;
  for (const auto& p : nested) nsum += std::accumulate(p->begin(), p->end(), 0L);
  std::printf("nested sum=%ld use_count=%ld\n", nsum, nested[5].use_count());

  std::vector<std::string> strs{"pear", "apple", "fig", "banana", "kiwi", "cherry"};
  std::stable_sort(strs.begin(), strs.end(),
                   [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  for (const auto& w : strs) std::printf("%s ", w.c_str());
  std::printf("\n");
  std::vector<int> perm{1, 2, 3, 4};
  int perms = 0;
  do perms++;
  while (std::next_permutation(perm.begin(), perm.end()));
  std::printf("permutations=%d\n", perms);
  return 0;
}
