#include "sim/service_timeline.hpp"

#include <algorithm>
#include <limits>

#include "sim/coverage.hpp"

namespace vsm::sim {

ServiceTimeline::ServiceTimeline(const Scenario& scenario) {
  replay_service(scenario, [&](double t, const auto& before, const auto& serving) {
    changes_.resize(serving.size());
    for (std::size_t v = 0; v < serving.size(); ++v)
      if (serving[v] != before[v]) changes_[v].push_back({t, serving[v]});
  });
}

double ServiceTimeline::leaves(std::size_t vehicle, std::int64_t server, double t) const {
  const auto& changes = changes_[vehicle];
  auto next = std::upper_bound(changes.begin(), changes.end(), t, [](double at, const Change& c) { return at < c.t; });
  for (; next != changes.end(); ++next)
    if (next->server != server) return next->t;
  return std::numeric_limits<double>::infinity();
}

}  // namespace vsm::sim
