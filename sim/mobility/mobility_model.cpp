#include "sim/mobility/mobility_model.hpp"

#include "sim/mobility/highway.hpp"
#include "sim/mobility/manhattan.hpp"
#include "sim/mobility/random_waypoint.hpp"
#include "sim/mobility/static_mobility.hpp"
#include "sim/mobility/trace_mobility.hpp"

namespace vsm::sim {

std::size_t vehicle_count(const Scenario& scenario) {
  if (scenario.vehicles.count > 0) return static_cast<std::size_t>(scenario.vehicles.count);
  return scenario.mobility.sumo.trace ? scenario.mobility.sumo.trace->ids.size() : 0;
}

std::unique_ptr<MobilityModel> make_mobility(const Scenario& scenario) {
  const std::string& model = scenario.mobility.model;
  if (model == "highway") return std::make_unique<HighwayMobility>(scenario);
  if (model == "manhattan") return std::make_unique<ManhattanMobility>(scenario);
  if (model == "random_waypoint") return std::make_unique<RandomWaypointMobility>(scenario);
  if (model == "sumo") return std::make_unique<TraceMobility>(scenario);
  return std::make_unique<StaticMobility>(scenario);
}

}  // namespace vsm::sim
