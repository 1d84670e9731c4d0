#pragma once
// The vehicles a run starts with: each one's user type (drawn with the scenario's type
// probabilities), position (uniform in the area: static mobility) and serving edge server
// (the nearest one whose coverage holds it). Pure data: no SimGrid.

#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace vsm::sim {

struct VehicleInit {
  std::int64_t id = 0;
  std::string name;
  std::size_t type = 0;  // index into scenario.vehicles.types
  double theta = 0;
  double cost = 0;  // cost coefficient C of effort (scenario market.cost_model)
  double x = 0, y = 0;
  std::int64_t server = -1;  // index into scenario.edge_servers, -1 when out of coverage
};

std::vector<VehicleInit> make_population(const Scenario& scenario);

// Index of the nearest server covering (x, y), or -1.
std::int64_t serving_server(const Scenario& scenario, double x, double y);

}  // namespace vsm::sim
