#include "sim/service_timeline.hpp"

#include <algorithm>
#include <limits>

#include "sim/coverage.hpp"

namespace vsm::sim {

ServiceTimeline::ServiceTimeline(const Scenario& scenario) {
  const Coverage coverage(scenario);
  auto mobility = make_mobility(scenario);
  std::vector<std::int64_t> serving(mobility->size(), kNoServer), before;
  changes_.resize(serving.size());
  for (std::int64_t k = 0; k < tick_count(scenario); ++k) {
    if (k > 0 && tick_time(scenario, k - 1) > mobility->settles_at()) break;
    const double t = tick_time(scenario, k);
    mobility->advance_to(t);
    before = serving;
    coverage.follow(*mobility, serving);
    for (std::size_t v = 0; v < serving.size(); ++v)
      if (serving[v] != before[v]) changes_[v].push_back({t, serving[v]});
  }
}

double ServiceTimeline::leaves(std::size_t vehicle, std::int64_t server, double t) const {
  const auto& changes = changes_[vehicle];
  auto next = std::upper_bound(changes.begin(), changes.end(), t, [](double at, const Change& c) { return at < c.t; });
  for (; next != changes.end(); ++next)
    if (next->server != server) return next->t;
  return std::numeric_limits<double>::infinity();
}

}  // namespace vsm::sim
