#include "sim/coverage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vsm::sim {

Coverage::Coverage(const Scenario& scenario) {
  for (const auto& s : scenario.edge_servers) cells_.push_back({s.position[0], s.position[1], s.coverage_radius});
  if (cells_.empty()) return;
  double right = cells_[0].x, top = cells_[0].y;
  left_ = right, bottom_ = top;
  for (const Cell& c : cells_) {
    square_ = std::max(square_, c.radius);
    left_ = std::min(left_, c.x), right = std::max(right, c.x);
    bottom_ = std::min(bottom_, c.y), top = std::max(top, c.y);
  }
  // Small radii over a wide area would make too many squares: wider squares only add candidates.
  // A hair wider than the radius, so that rounding cannot put a covered point two squares away.
  square_ = std::max(square_ * (1 + 1e-9), std::max(right - left_, top - bottom_) / 1024);
  columns_ = static_cast<std::int64_t>((right - left_) / square_) + 1;
  rows_ = static_cast<std::int64_t>((top - bottom_) / square_) + 1;
  squares_.resize(static_cast<std::size_t>(columns_ * rows_));
  for (std::size_t s = 0; s < cells_.size(); ++s) {
    const auto column = static_cast<std::int64_t>((cells_[s].x - left_) / square_);
    const auto row = static_cast<std::int64_t>((cells_[s].y - bottom_) / square_);
    squares_[static_cast<std::size_t>(column * rows_ + row)].push_back(s);
  }
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
  // The nearest cell that holds p; of equally near ones, the lowest index.
  std::int64_t best = kNoServer;
  double best_distance = std::numeric_limits<double>::infinity();
  const double column = std::floor((p.x - left_) / square_), row = std::floor((p.y - bottom_) / square_);
  if (!(column >= -1 && column <= static_cast<double>(columns_) && row >= -1 && row <= static_cast<double>(rows_)))
    return kNoServer;  // more than a square away from every centre (or not a number)
  const auto c0 = static_cast<std::int64_t>(column), r0 = static_cast<std::int64_t>(row);
  for (std::int64_t c = std::max<std::int64_t>(c0 - 1, 0); c <= std::min(c0 + 1, columns_ - 1); ++c)
    for (std::int64_t r = std::max<std::int64_t>(r0 - 1, 0); r <= std::min(r0 + 1, rows_ - 1); ++r)
      for (std::size_t s : squares_[static_cast<std::size_t>(c * rows_ + r)]) {
        const double d = distance(s, p);
        if (d <= cells_[s].radius && (d < best_distance || (d == best_distance && static_cast<std::int64_t>(s) < best))) {
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
