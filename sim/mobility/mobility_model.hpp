#pragma once
// Where the vehicles are. A mobility model moves every vehicle to a given time; the simulation
// calls it on every tick (agents/mobility_driver), and the world planner replays it once before
// the run to size the radio pools (sim/radio_plan). Models are pure: no SimGrid, no clock of
// their own, all randomness from named streams, so two instances built from the same scenario
// move identically.

#include <limits>
#include <memory>
#include <vector>

#include "sim/scenario.hpp"

namespace vsm::sim {

struct Position {
  double x = 0, y = 0;
};

class MobilityModel {
 public:
  virtual ~MobilityModel() = default;

  // Moves every vehicle to time t; t never decreases from one call to the next.
  virtual void advance_to(double t) = 0;
  // The last time anything moves (infinity while models keep moving).
  virtual double settles_at() const { return std::numeric_limits<double>::infinity(); }

  std::size_t size() const { return positions_.size(); }
  const std::vector<Position>& positions() const { return positions_; }
  // 1 while a vehicle is on the road (a SUMO trace's vehicles enter and leave; built-in
  // models keep every vehicle present).
  const std::vector<char>& present() const { return present_; }

 protected:
  explicit MobilityModel(std::size_t vehicles) : positions_(vehicles), present_(vehicles, 1) {}
  std::vector<Position> positions_;
  std::vector<char> present_;
};

// The model the scenario names, with every vehicle at its starting position (time 0).
std::unique_ptr<MobilityModel> make_mobility(const Scenario& scenario);

// How many vehicles the scenario has: vehicles.count, or the trace's vehicles for a SUMO trace
// without a count.
std::size_t vehicle_count(const Scenario& scenario);

}  // namespace vsm::sim
