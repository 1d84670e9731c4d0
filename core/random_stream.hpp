#pragma once
// A reproducible random stream named after what it is for ("vehicles.types"). Each stream's
// seed is derived from the run seed and the name, so one component drawing more numbers never
// shifts another's draws. Only std::mt19937_64 (fully specified by the standard) and our own
// transforms are used: the same seed gives the same numbers with any standard library.

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace vsm::core {

class RandomStream {
 public:
  RandomStream(std::uint64_t run_seed, std::string_view name);

  std::uint64_t next_u64() { return engine_(); }
  double uniform();                          // [0, 1)
  double uniform(double low, double high);   // [low, high)
  double normal();                           // standard normal (Box-Muller, one pair per draw)
  // An index drawn with probability proportional to weights[i].
  std::size_t pick(const std::vector<double>& weights);

  static std::uint64_t derive_seed(std::uint64_t run_seed, std::string_view name);

 private:
  std::mt19937_64 engine_;
};

}  // namespace vsm::core
