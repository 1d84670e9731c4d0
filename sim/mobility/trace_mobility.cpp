#include "sim/mobility/trace_mobility.hpp"

namespace vsm::sim {

TraceMobility::TraceMobility(const Scenario& scenario)
    : MobilityModel(vehicle_count(scenario)), trace_(scenario.mobility.sumo.trace), cursor_(size(), 0) {
  for (std::size_t v = 0; v < size(); ++v) {
    const auto& first = trace_->tracks[v].front();
    positions_[v] = {first.x, first.y};  // where it will enter
  }
  advance_to(0);
}

void TraceMobility::advance_to(double t) {
  const double longest_gap = 1.5 * trace_->step;
  for (std::size_t v = 0; v < size(); ++v) {
    const auto& track = trace_->tracks[v];
    std::size_t& k = cursor_[v];
    while (k + 1 < track.size() && track[k + 1].t <= t) ++k;
    const auto& a = track[k];
    if (t < a.t) {  // not yet entered
      present_[v] = 0;
    } else if (t == a.t) {
      positions_[v] = {a.x, a.y};
      present_[v] = 1;
    } else if (k + 1 < track.size() && track[k + 1].t - a.t <= longest_gap) {
      const auto& b = track[k + 1];
      const double w = (t - a.t) / (b.t - a.t);
      positions_[v] = {a.x + w * (b.x - a.x), a.y + w * (b.y - a.y)};
      present_[v] = 1;
    } else {  // left the road, or a gap in the trace
      present_[v] = 0;
    }
  }
}

}  // namespace vsm::sim
