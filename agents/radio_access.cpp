#include "agents/radio_access.hpp"

#include <algorithm>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <stdexcept>

namespace sg4 = simgrid::s4u;

namespace vsm::agents {

RadioAccess::RadioAccess(const sim::World& world, std::size_t vehicles)
    : world_(world), slots_(vehicles) {
  attached_.resize(world.server_count());
  if (world.radio().wifi()) return;  // the stations are the rate levels': nothing to hand out
  for (std::size_t s = 0; s < world.server_count(); ++s) {
    const auto& stations = world.stations(s);
    free_stations_.emplace_back(stations.rbegin(), stations.rend());  // hand out station-0 first
  }
}

double RadioAccess::rate_mbps(std::size_t vehicle) const {
  return slots_[vehicle].server == sim::kNoServer ? 0.0 : world_.radio().level_rates()[static_cast<std::size_t>(level(vehicle))];
}

sg4::Host* RadioAccess::station_of(std::size_t vehicle) const {
  const Slot& slot = slots_[vehicle];
  if (slot.server == sim::kNoServer || !world_.radio().wifi()) return slot.station;
  // A transfer keeps the rate it started at (SimGrid reads the sender's rate once, at its
  // start), so one in flight from an earlier level's station is unaffected by a move.
  return world_.stations(static_cast<std::size_t>(slot.server))[static_cast<std::size_t>(level(vehicle))];
}

void RadioAccess::attach(std::size_t vehicle, std::size_t server) {
  Slot& slot = slots_[vehicle];
  slot.server = static_cast<std::int64_t>(server);
  attached_[server].push_back(vehicle);
  if (world_.radio().wifi()) return;
  auto& pool = free_stations_[server];
  // The pools were sized by replaying the same mobility (sim::peak_load): running dry is a bug.
  if (pool.empty()) throw std::logic_error("radio pool of server " + std::to_string(server) + " exhausted");
  slot.station = pool.back();
  pool.pop_back();
}

void RadioAccess::detach(std::size_t vehicle) {
  Slot& slot = slots_[vehicle];
  if (slot.server == sim::kNoServer) return;
  if (slot.upload) {
    // An upload whose data has all arrived is done, even if its server has not looked yet
    // (it waits for its uploads only once the round's last one has started).
    if (slot.upload->comm->get_remaining() > 0) {
      slot.upload->lost_at = sg4::Engine::get_clock();
      slot.upload->comm->cancel();
    }
    slot.upload = nullptr;
  }
  const auto server = static_cast<std::size_t>(slot.server);
  auto& here = attached_[server];
  here.erase(std::find(here.begin(), here.end(), vehicle));
  if (!world_.radio().wifi()) free_stations_[server].push_back(slot.station);
  slot.server = sim::kNoServer;
  slot.station = nullptr;
}

}  // namespace vsm::agents
