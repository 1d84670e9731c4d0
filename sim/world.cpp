#include "sim/world.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace vsm::sim {

World::World(const Scenario& scenario, const std::vector<VehicleInit>& vehicles) {
  // A star: each vehicle's route to anywhere is its own uplink. (A full zone would keep an
  // N x N route table: 200 MB and superlinear time at 5,000 vehicles.)
  auto* zone = sg4::create_star_zone("world");
  for (const auto& s : scenario.edge_servers) servers_.push_back(zone->create_host(s.name, s.cpu_speed));

  const double bytes_per_second = scenario.radio.rate_mbps * 1e6 / 8;
  for (const auto& v : vehicles) {
    sg4::Host* host = zone->create_host(v.name, 1e9);
    vehicles_.push_back(host);
    if (v.server < 0) continue;  // out of coverage: no link, never trades
    sg4::Link* uplink = zone->create_link(v.name + "-uplink", bytes_per_second)->set_latency(scenario.radio.latency);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(uplink)}, true);
  }
  zone->seal();
}

}  // namespace vsm::sim
