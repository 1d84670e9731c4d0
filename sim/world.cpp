#include "sim/world.hpp"

#include <simgrid/s4u.hpp>

namespace sg4 = simgrid::s4u;

namespace vsm::sim {
namespace {

constexpr double kVehicleSpeed = 1e9;  // flop/s of a vehicle's computer (nothing computes there yet)

double bytes_per_second(double mbps) { return mbps * 1e6 / 8; }

}  // namespace

World::World(const Scenario& scenario, const std::vector<std::size_t>& stations) : radio_(scenario.radio) {
  auto* world = sg4::create_floyd_zone("world");

  auto* cloud_zone = sg4::create_full_zone("cloud");
  cloud_zone->set_parent(world);
  cloud_ = cloud_zone->create_host("cloud", 1e10);
  parking_ = cloud_zone->create_host("parking", kVehicleSpeed);
  cloud_zone->seal();

  for (std::size_t s = 0; s < scenario.edge_servers.size(); ++s) {
    const auto& spec = scenario.edge_servers[s];
    ServerZone zone;
    sg4::NetZone* net = nullptr;
    if (radio_.wifi()) {
      net = sg4::create_wifi_zone(spec.name + "-radio");
      net->set_parent(world);
      zone.host = net->create_host(spec.name, spec.cpu_speed);
      net->set_property("access_point", spec.name);
      std::vector<double> levels;
      for (double mbps : radio_.level_rates()) levels.push_back(bytes_per_second(mbps));
      if (levels.size() == 1) levels.push_back(levels.front());  // SimGrid's wifi link needs two levels
      zone.wifi = net->create_link(spec.name + "-air", levels);
      for (std::size_t level = 0; level < radio_.level_rates().size(); ++level)
        zone.stations.push_back(net->create_host(spec.name + "/level-" + std::to_string(level), kVehicleSpeed));
    } else {
      net = sg4::create_star_zone(spec.name + "-radio");
      net->set_parent(world);
      zone.host = net->create_host(spec.name, spec.cpu_speed);
      for (std::size_t i = 0; i < stations[s]; ++i) {
        sg4::Host* station = net->create_host(spec.name + "/station-" + std::to_string(i), kVehicleSpeed);
        zone.stations.push_back(station);
        sg4::Link* uplink = net->create_link(station->get_name() + "-uplink", bytes_per_second(scenario.radio.rate_mbps))
                                ->set_latency(scenario.radio.latency);
        net->add_route(station->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(uplink)}, true);
      }
    }
    net->seal();
    if (zone.wifi) {
      // The server sends its (small) offers at the slowest rate, as 802.11 sends frames meant
      // for many receivers.
      zone.wifi->set_host_wifi_rate(zone.host, static_cast<int>(radio_.level_rates().size()) - 1);
      for (std::size_t level = 0; level < zone.stations.size(); ++level)
        zone.wifi->set_host_wifi_rate(zone.stations[level], static_cast<int>(level));
    }

    sg4::Link* backhaul = world->create_link(spec.name + "-backhaul", bytes_per_second(spec.backhaul.bandwidth_mbps))
                              ->set_latency(spec.backhaul.latency);
    world->add_route(net->get_netpoint(), cloud_zone->get_netpoint(), zone.host->get_netpoint(), cloud_->get_netpoint(),
                     {sg4::LinkInRoute(backhaul)}, true);
    servers_.push_back(std::move(zone));
  }
  world->seal();
}

}  // namespace vsm::sim
