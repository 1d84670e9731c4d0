#pragma once
// The SimGrid platform of a run, built in code from the scenario: one host per edge server and
// per vehicle. With radio.model fixed_rate each vehicle reaches its serving server over a
// private link (rate_mbps, latency), so upload latency is measured by SimGrid's network model.
// The wireless physical layer (wifi zones, path loss, contention, mobility) replaces this.

#include <vector>

#include "sim/population.hpp"
#include "sim/scenario.hpp"

namespace simgrid::s4u {
class Host;
}

namespace vsm::sim {

class World {
 public:
  // Must be called after the simgrid::s4u::Engine is created and before it runs.
  World(const Scenario& scenario, const std::vector<VehicleInit>& vehicles);

  simgrid::s4u::Host* server_host(std::size_t server) const { return servers_[server]; }
  simgrid::s4u::Host* vehicle_host(std::size_t vehicle) const { return vehicles_[vehicle]; }

 private:
  std::vector<simgrid::s4u::Host*> servers_;
  std::vector<simgrid::s4u::Host*> vehicles_;
};

}  // namespace vsm::sim
