#pragma once
// Random waypoint: each vehicle drives in a straight line to a point drawn uniformly in the
// area, at a speed drawn from [speed_min, speed_max], pauses there, and draws the next one.
// Randomness from the stream "mobility.random_waypoint".

#include "sim/mobility/mobility_model.hpp"
#include "core/random_stream.hpp"

namespace vsm::sim {

class RandomWaypointMobility : public MobilityModel {
 public:
  explicit RandomWaypointMobility(const Scenario& scenario);
  void advance_to(double t) override;

 private:
  struct Leg {
    Position target;
    double speed = 0;
    double paused_until = 0;
  };
  void next_leg(std::size_t v, double now);

  RandomWaypointSpec spec_;
  std::array<double, 2> area_;
  core::RandomStream random_;
  std::vector<Leg> legs_;
  double time_ = 0;
};

}  // namespace vsm::sim
