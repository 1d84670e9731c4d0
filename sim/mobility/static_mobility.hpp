#pragma once
// Vehicles that never move: placed at the scenario's `positions`, or uniformly in the area.

#include "sim/mobility/mobility_model.hpp"

namespace vsm::sim {

class StaticMobility : public MobilityModel {
 public:
  explicit StaticMobility(const Scenario& scenario);
  void advance_to(double) override {}
  double settles_at() const override { return 0; }
};

// Starting positions shared by the built-in models: the scenario's list, or uniform in the area
// from the stream "mobility.placement".
std::vector<Position> starting_positions(const Scenario& scenario, std::size_t count);

}  // namespace vsm::sim
