#include "sim/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vsm::sim {

Coverage::Coverage(const Scenario& scenario) {
  for (const auto& s : scenario.edge_servers) cells_.push_back({s.position[0], s.position[1], s.coverage_radius});
}

double Coverage::distance(std::size_t server, Position p) const {
  // sqrt rather than std::hypot: this runs for every vehicle on every tick, and coordinates in
  // metres are far from where hypot's care about overflow matters.
  const double dx = p.x - cells_[server].x, dy = p.y - cells_[server].y;
  return std::sqrt(dx * dx + dy * dy);
}

std::int64_t Coverage::serve(std::int64_t current, Position p) const {
  if (current != kNoServer && distance(static_cast<std::size_t>(current), p) <= cells_[static_cast<std::size_t>(current)].radius)
    return current;
  std::int64_t best = kNoServer;
  double best_distance = std::numeric_limits<double>::infinity();
  for (std::size_t s = 0; s < cells_.size(); ++s) {
    const double d = distance(s, p);
    if (d <= cells_[s].radius && d < best_distance) {
      best_distance = d;
      best = static_cast<std::int64_t>(s);
    }
  }
  return best;
}

void Coverage::follow(const MobilityModel& mobility, std::vector<std::int64_t>& serving) const {
  for (std::size_t v = 0; v < serving.size(); ++v)
    serving[v] = mobility.present()[v] ? serve(serving[v], mobility.positions()[v]) : kNoServer;
}

std::int64_t tick_count(const Scenario& scenario) {
  return static_cast<std::int64_t>(std::floor(scenario.duration / scenario.mobility.tick + 1e-9)) + 1;
}

void replay_service(const Scenario& scenario,
                    const std::function<void(double, const std::vector<std::int64_t>&,
                                             const std::vector<std::int64_t>&)>& tick) {
  const Coverage coverage(scenario);
  auto mobility = make_mobility(scenario);
  std::vector<std::int64_t> serving(mobility->size(), kNoServer), before;
  for (std::int64_t k = 0; k < tick_count(scenario); ++k) {
    // Nothing changes once every vehicle has settled (and a static run never starts moving).
    if (k > 0 && tick_time(scenario, k - 1) > mobility->settles_at()) break;
    const double t = tick_time(scenario, k);
    mobility->advance_to(t);
    before = serving;
    coverage.follow(*mobility, serving);
    tick(t, before, serving);
  }
}

std::vector<std::size_t> peak_load(const Scenario& scenario) {
  std::vector<std::size_t> load(scenario.edge_servers.size(), 0), peak = load;
  replay_service(scenario, [&](double, const auto& before, const auto& serving) {
    for (std::size_t v = 0; v < serving.size(); ++v) {
      if (serving[v] == before[v]) continue;
      if (before[v] != kNoServer) --load[static_cast<std::size_t>(before[v])];
      if (serving[v] != kNoServer) ++load[static_cast<std::size_t>(serving[v])];
    }
    for (std::size_t s = 0; s < load.size(); ++s) peak[s] = std::max(peak[s], load[s]);
  });
  return peak;
}

}  // namespace vsm::sim
