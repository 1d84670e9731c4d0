#pragma once
// The Manhattan grid: streets every `block` metres in x and y across the area. A vehicle drives
// along a street at its own speed (drawn once from [speed_min, speed_max]); at every crossing it
// goes straight, turns left or turns right with the scenario's probabilities, and turns back at
// the edge of the grid. Randomness from the stream "mobility.manhattan".

#include "sim/mobility/mobility_model.hpp"
#include "core/random_stream.hpp"

namespace vsm::sim {

class ManhattanMobility : public MobilityModel {
 public:
  explicit ManhattanMobility(const Scenario& scenario);
  void advance_to(double t) override;

 private:
  struct Driver {
    long next_i = 0, next_j = 0;  // the crossing ahead, in grid coordinates
    int heading = 0;              // 0 east, 1 north, 2 west, 3 south
    double to_next = 0;           // metres to that crossing
    double speed = 0;
  };
  bool on_grid(long i, long j) const { return i >= 0 && j >= 0 && i <= columns_ && j <= rows_; }
  void turn(Driver& d);
  void place(std::size_t v);

  ManhattanSpec spec_;
  long columns_, rows_;  // crossings span 0..columns_ in x and 0..rows_ in y
  core::RandomStream random_;
  std::vector<Driver> drivers_;
  double time_ = 0;
};

}  // namespace vsm::sim
