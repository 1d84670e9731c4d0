#include "sim/mobility/highway.hpp"

#include <cmath>

#include "sim/mobility/static_mobility.hpp"

namespace vsm::sim {

HighwayMobility::HighwayMobility(const Scenario& scenario)
    : MobilityModel(vehicle_count(scenario)), length_(scenario.mobility.area[0]) {
  const auto& spec = scenario.mobility.highway;
  const double centre = scenario.mobility.area[1] / 2;
  const std::size_t per_direction = spec.lane_speeds.size();
  // Eastbound lanes below the centre line, westbound above, lane 0 nearest the centre.
  for (std::size_t i = 0; i < per_direction; ++i)
    lanes_.push_back({centre - (static_cast<double>(i) + 0.5) * spec.lane_width, spec.lane_speeds[i]});
  if (spec.both_directions)
    for (std::size_t i = 0; i < per_direction; ++i)
      lanes_.push_back({centre + (static_cast<double>(i) + 0.5) * spec.lane_width, -spec.lane_speeds[i]});

  const auto start = starting_positions(scenario, size());
  const bool given = !scenario.mobility.positions.empty();
  for (std::size_t v = 0; v < size(); ++v) {
    std::size_t lane = v % lanes_.size();
    if (given)
      for (std::size_t l = 0; l < lanes_.size(); ++l)
        if (std::fabs(lanes_[l].y - start[v].y) < std::fabs(lanes_[lane].y - start[v].y)) lane = l;
    lane_of_.push_back(lane);
    start_x_.push_back(start[v].x);
  }
  advance_to(0);
}

void HighwayMobility::advance_to(double t) {
  for (std::size_t v = 0; v < size(); ++v) {
    const Lane& lane = lanes_[lane_of_[v]];
    double x = std::fmod(start_x_[v] + lane.velocity * t, length_);
    if (x < 0) x += length_;
    positions_[v] = {x, lane.y};
  }
}

}  // namespace vsm::sim
