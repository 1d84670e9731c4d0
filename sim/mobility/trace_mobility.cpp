#include "sim/mobility/trace_mobility.hpp"

#include <algorithm>

namespace vsm::sim {

TraceMobility::TraceMobility(const Scenario& scenario)
    : MobilityModel(vehicle_count(scenario)),
      trace_(scenario.mobility.sumo.trace),
      steps_(trace_),
      in_after_(size(), 0) {
  for (std::size_t v = 0; v < size(); ++v) positions_[v] = {trace_->first[v][0], trace_->first[v][1]};  // where it will enter
  more_ = steps_.next(after_);
  advance_to(0);
}

void TraceMobility::advance_to(double t) {
  while (more_ && after_.time <= t) {
    std::swap(at_, after_);
    started_ = true;
    more_ = steps_.next(after_);
  }
  std::fill(present_.begin(), present_.end(), 0);
  if (!started_) return;  // before the first time step: nobody has entered
  if (t == at_.time) {
    for (const auto& s : at_.samples)
      if (s.vehicle < size()) {
        positions_[s.vehicle] = {s.x, s.y};
        present_[s.vehicle] = 1;
      }
    return;
  }
  // Between time steps: the vehicles sampled in both, if they are close enough, are on the road.
  if (!more_ || after_.time - at_.time > 1.5 * trace_->step) return;
  for (std::size_t i = 0; i < after_.samples.size(); ++i)
    if (after_.samples[i].vehicle < size() && in_after_[after_.samples[i].vehicle] == 0)
      in_after_[after_.samples[i].vehicle] = i + 1;  // its first sample there, as a track would have it
  const double w = (t - at_.time) / (after_.time - at_.time);
  for (const auto& a : at_.samples) {
    if (a.vehicle >= size() || in_after_[a.vehicle] == 0) continue;
    const auto& b = after_.samples[in_after_[a.vehicle] - 1];
    positions_[a.vehicle] = {a.x + w * (b.x - a.x), a.y + w * (b.y - a.y)};
    present_[a.vehicle] = 1;
  }
  for (const auto& b : after_.samples)
    if (b.vehicle < size()) in_after_[b.vehicle] = 0;
}

}  // namespace vsm::sim
