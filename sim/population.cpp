#include "sim/population.hpp"

#include <cmath>
#include <limits>

#include "sim/random_stream.hpp"

namespace vsm::sim {

std::int64_t serving_server(const Scenario& scenario, double x, double y) {
  std::int64_t best = -1;
  double best_distance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < scenario.edge_servers.size(); ++i) {
    const auto& s = scenario.edge_servers[i];
    double d = std::hypot(x - s.position[0], y - s.position[1]);
    if (d <= s.coverage_radius && d < best_distance) {
      best_distance = d;
      best = static_cast<std::int64_t>(i);
    }
  }
  return best;
}

std::vector<VehicleInit> make_population(const Scenario& scenario) {
  RandomStream types(scenario.seed, "vehicles.types");
  RandomStream placement(scenario.seed, "mobility.placement");
  std::vector<double> probabilities;
  for (const auto& t : scenario.vehicles.types) probabilities.push_back(t.probability);

  std::vector<VehicleInit> vehicles;
  vehicles.reserve(static_cast<std::size_t>(scenario.vehicles.count));
  for (std::int64_t i = 0; i < scenario.vehicles.count; ++i) {
    VehicleInit v;
    v.id = i;
    v.name = "vehicle-" + std::to_string(i);
    v.type = types.pick(probabilities);
    v.theta = scenario.vehicles.types[v.type].theta;
    v.cost = scenario.market.cost.coefficient(v.theta);
    v.x = placement.uniform(0, scenario.mobility.area[0]);
    v.y = placement.uniform(0, scenario.mobility.area[1]);
    v.server = serving_server(scenario, v.x, v.y);
    vehicles.push_back(std::move(v));
  }
  return vehicles;
}

}  // namespace vsm::sim
