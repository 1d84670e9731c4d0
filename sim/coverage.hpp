#pragma once
// Which edge server serves each vehicle. A vehicle stays with its server while it is inside
// that server's coverage radius (no ping-pong at the borders); when it leaves, it is handed over
// to the nearest server whose coverage holds it, or to none. Pure geometry: no SimGrid.

#include <cstdint>
#include <functional>
#include <vector>

#include "sim/mobility/mobility_model.hpp"
#include "sim/scenario.hpp"

namespace vsm::sim {

inline constexpr std::int64_t kNoServer = -1;

class Coverage {
 public:
  explicit Coverage(const Scenario& scenario);

  double distance(std::size_t server, Position p) const;
  // The server for a vehicle at p that is served by `current` (kNoServer if none).
  std::int64_t serve(std::int64_t current, Position p) const;
  // Every vehicle's server after a move: serving[v] becomes the server for its position now
  // (kNoServer when off the road). The run and the pool planning both move through this.
  void follow(const MobilityModel& mobility, std::vector<std::int64_t>& serving) const;

 private:
  struct Cell {
    double x, y, radius;
  };
  std::vector<Cell> cells_;
  // The cells by squares at least as wide as the largest radius, so that the cells that may
  // hold a point have their centres in the point's square or its eight neighbours: finding a
  // vehicle's server costs the same with 20 servers as with 200.
  double square_ = 1, left_ = 0, bottom_ = 0;
  std::int64_t columns_ = 0, rows_ = 0;
  std::vector<std::vector<std::size_t>> squares_;  // column-major, ascending server index
};

// The tick times of a run: 0, tick, 2 tick, ... up to the duration.
std::int64_t tick_count(const Scenario& scenario);
inline double tick_time(const Scenario& scenario, std::int64_t k) { return static_cast<double>(k) * scenario.mobility.tick; }

// Replays the scenario's mobility over the whole run, tick by tick, as the run's driver
// (agents/mobility_driver) will move it, and calls `tick(t, before, serving)` after each tick
// with every vehicle's server before and after it (kNoServer: none); stops once every vehicle
// has settled.
void replay_service(const Scenario& scenario,
                    const std::function<void(double t, const std::vector<std::int64_t>& before,
                                             const std::vector<std::int64_t>& serving)>& tick);

// Replays the scenario's mobility over the whole run, tick by tick, and returns for every
// server the most vehicles it serves at once: with fixed_rate the size of its radio pool
// (sim/world.hpp). The driver of the run (agents/mobility_driver) makes exactly the same decisions.
std::vector<std::size_t> peak_load(const Scenario& scenario);

}  // namespace vsm::sim
