#pragma once
// The SimGrid platform of a run, built in code from the scenario:
//
//   world (Floyd zone)
//   ├── cloud zone: the cloud host, and a parking host for vehicles out of every coverage
//   └── one zone per edge server, the server host its gateway, joined to the cloud by the
//       server's wired backhaul link (bandwidth, latency from YAML); servers reach each other
//       through the cloud.
//
// A server's zone holds the radio hosts ("stations") its vehicles send from while they are in
// its coverage (SimGrid cannot move a host between zones, so a vehicle handed over to another
// server moves to that server's stations). With radio.model wifi the zone is a SimGrid wifi
// zone: the server its access point, one WIFI link whose bandwidth levels are the rate table,
// and one station per rate level, shared by every vehicle at that level. SimGrid's wifi link
// weighs each transfer by its sender's rate alone, so a thousand vehicles sending from one
// station at a level share the air exactly as a thousand stations at that level would, without
// a thousand hosts to keep and re-rate. With fixed_rate it is a star in which every station has
// a private link of rate_mbps, so there each vehicle holds a station of its own from a pool.

#include <vector>

#include "sim/radio.hpp"
#include "sim/scenario.hpp"

namespace simgrid::s4u {
class Host;
class Link;
}  // namespace simgrid::s4u

namespace vsm::sim {

class World {
 public:
  // Must be called after the simgrid::s4u::Engine is created and before it runs.
  // stations[s]: how many vehicles server s can hold at once (sim/coverage.hpp plans it); the
  // size of its station pool with fixed_rate (wifi has one station per rate level instead).
  World(const Scenario& scenario, const std::vector<std::size_t>& stations);

  std::size_t server_count() const { return servers_.size(); }
  simgrid::s4u::Host* server_host(std::size_t server) const { return servers_[server].host; }
  simgrid::s4u::Host* cloud_host() const { return cloud_; }
  simgrid::s4u::Host* parking_host() const { return parking_; }
  // wifi: station `level` sends at rate level `level`; fixed_rate: the pool.
  const std::vector<simgrid::s4u::Host*>& stations(std::size_t server) const { return servers_[server].stations; }
  const Radio& radio() const { return radio_; }

 private:
  struct ServerZone {
    simgrid::s4u::Host* host = nullptr;
    simgrid::s4u::Link* wifi = nullptr;
    std::vector<simgrid::s4u::Host*> stations;
  };
  Radio radio_;
  simgrid::s4u::Host* cloud_ = nullptr;
  simgrid::s4u::Host* parking_ = nullptr;
  std::vector<ServerZone> servers_;
};

}  // namespace vsm::sim
