#include "sim/population.hpp"

#include <cmath>

#include "sim/coverage.hpp"
#include "sim/mobility/fcd_trace.hpp"
#include "core/random_stream.hpp"

namespace vsm::sim {

std::vector<VehicleInit> make_population(const Scenario& scenario) {
  core::RandomStream types(scenario.seed, "vehicles.types");
  std::vector<double> probabilities;
  for (const auto& t : scenario.vehicles.types) probabilities.push_back(t.probability);
  const auto start = make_mobility(scenario);
  const Coverage coverage(scenario);

  std::vector<VehicleInit> vehicles(start->size());
  for (std::size_t i = 0; i < vehicles.size(); ++i) {
    VehicleInit& v = vehicles[i];
    v.id = static_cast<std::int64_t>(i);
    v.name = scenario.mobility.sumo.trace ? scenario.mobility.sumo.trace->ids[i] : "vehicle-" + std::to_string(i);
    v.type = types.pick(probabilities);
    v.theta = scenario.vehicles.types[v.type].theta;
    v.cost = scenario.market.cost.coefficient(v.theta);
    v.x = start->positions()[i].x;
    v.y = start->positions()[i].y;
    v.server = start->present()[i] ? coverage.serve(kNoServer, start->positions()[i]) : kNoServer;
  }
  // The first `cheats` of a seeded shuffle (partial Fisher-Yates, stream "vehicles.malicious").
  core::RandomStream draw(scenario.seed, "vehicles.malicious");
  std::vector<std::size_t> order(vehicles.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto cheats = static_cast<std::size_t>(std::llround(scenario.vehicles.malicious.fraction * static_cast<double>(vehicles.size())));
  for (std::size_t i = 0; i < cheats; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(draw.next_u64() % (order.size() - i));
    std::swap(order[i], order[j]);
    vehicles[order[i]].malicious = true;
  }
  return vehicles;
}

}  // namespace vsm::sim
