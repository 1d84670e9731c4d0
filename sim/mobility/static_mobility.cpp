#include "sim/mobility/static_mobility.hpp"

#include "core/random_stream.hpp"

namespace vsm::sim {

std::vector<Position> starting_positions(const Scenario& scenario, std::size_t count) {
  std::vector<Position> positions(count);
  const auto& given = scenario.mobility.positions;
  if (!given.empty()) {
    for (std::size_t i = 0; i < count; ++i) positions[i] = {given[i][0], given[i][1]};
    return positions;
  }
  core::RandomStream placement(scenario.seed, "mobility.placement");
  for (auto& p : positions) {
    p.x = placement.uniform(0, scenario.mobility.area[0]);
    p.y = placement.uniform(0, scenario.mobility.area[1]);
  }
  return positions;
}

StaticMobility::StaticMobility(const Scenario& scenario) : MobilityModel(vehicle_count(scenario)) {
  positions_ = starting_positions(scenario, size());
}

}  // namespace vsm::sim
