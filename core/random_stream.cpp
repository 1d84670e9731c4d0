#include "core/random_stream.hpp"

#include <cmath>
#include <numeric>

#include "core/hash.hpp"

namespace vsm::core {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t RandomStream::derive_seed(std::uint64_t run_seed, std::string_view name) {
  return splitmix64(run_seed ^ splitmix64(fnv1a(name)));
}

RandomStream::RandomStream(std::uint64_t run_seed, std::string_view name) : engine_(derive_seed(run_seed, name)) {}

double RandomStream::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

double RandomStream::uniform(double low, double high) { return low + (high - low) * uniform(); }

double RandomStream::normal() {
  const double u = 1.0 - uniform();  // (0, 1]: log is finite
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * 3.14159265358979323846 * uniform());
}

std::size_t RandomStream::pick(const std::vector<double>& weights) {
  double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  double x = uniform() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  // Rounding at the very top end: the last index that can be drawn at all.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0) return i;
  return 0;
}

}  // namespace vsm::core
