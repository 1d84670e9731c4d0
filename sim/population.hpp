#pragma once
// The vehicles of a run: each one's user type (drawn with the scenario's type probabilities),
// its starting position (from the mobility model at time 0) and the server serving it then;
// round(malicious.fraction x count) of them, drawn per seed, are malicious.
// Pure data: no SimGrid.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace vsm::sim {

struct VehicleInit {
  std::int64_t id = 0;
  std::string name;      // vehicle-<id>, or the vehicle's id in a SUMO trace
  std::size_t type = 0;  // index into scenario.vehicles.types
  double theta = 0;
  double cost = 0;  // cost coefficient C of effort (scenario market.cost_model)
  double x = 0, y = 0;  // where it starts (a trace's vehicle: where it enters)
  std::int64_t server = -1;  // serving server at time 0, -1 when out of coverage or not yet on the road
  bool malicious = false;    // cheats as vehicles.malicious.behaviour says
};

std::vector<VehicleInit> make_population(const Scenario& scenario);

}  // namespace vsm::sim
