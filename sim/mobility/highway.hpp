#pragma once
// A straight multi-lane highway along x, from 0 to the area's width, centred on y = height / 2.
// Every lane has its own speed; with both_directions the lanes are mirrored westbound. The road
// is a ring: a vehicle leaving one end re-enters at the other, so the density stays constant.
// Vehicles are dealt to lanes in turn (or to the lane nearest their given start position).

#include "sim/mobility/mobility_model.hpp"

namespace vsm::sim {

class HighwayMobility : public MobilityModel {
 public:
  explicit HighwayMobility(const Scenario& scenario);
  void advance_to(double t) override;

 private:
  struct Lane {
    double y, velocity;  // velocity is signed: eastbound > 0
  };
  double length_;
  std::vector<Lane> lanes_;
  std::vector<std::size_t> lane_of_;
  std::vector<double> start_x_;
};

}  // namespace vsm::sim
