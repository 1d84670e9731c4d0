#pragma once
// Who is attached where, right now: for every vehicle its serving server, the radio station
// (host) it sends from in that server's zone (with wifi its rate level's, with fixed_rate one
// of its own from the server's pool), its rate level, and its upload in flight. The mobility
// driver attaches and detaches vehicles; a detach cancels the upload in flight (it fails as
// "lost coverage"), and the vehicle's messages then go from the parking host.
//
// The rate level is asked of the driver only when it is used (a transfer starts, a row is
// written), from where the vehicle was at the last tick: working it out on every tick for
// every vehicle cost more than the transfers that read it (bench/RESULTS.md, session 20).

#include <functional>
#include <simgrid/s4u/Comm.hpp>
#include <vector>

#include "sim/coverage.hpp"
#include "sim/world.hpp"

namespace vsm::agents {

// An upload the server is waiting for; lost_at is set when coverage is lost during it.
struct UploadInFlight {
  simgrid::s4u::CommPtr comm;
  double lost_at = -1;
};

class RadioAccess {
 public:
  RadioAccess(const sim::World& world, std::size_t vehicles);

  // A served vehicle's rate level, from where it was at the last tick (the mobility driver's).
  using LevelOf = std::function<int(std::size_t vehicle, std::size_t server)>;
  void set_level_of(LevelOf level_of) { level_of_ = std::move(level_of); }

  void attach(std::size_t vehicle, std::size_t server);
  void detach(std::size_t vehicle);

  std::int64_t server_of(std::size_t vehicle) const { return slots_[vehicle].server; }
  // The host its transfers start from now; nullptr while no server serves it.
  simgrid::s4u::Host* station_of(std::size_t vehicle) const;
  // Where its messages start and end: its station, or the parking host while it has none.
  simgrid::s4u::Host* host_of(std::size_t vehicle) const {
    simgrid::s4u::Host* station = station_of(vehicle);
    return station ? station : world_.parking_host();
  }
  double rate_mbps(std::size_t vehicle) const;
  // The vehicles server `server` serves, in the order they arrived.
  const std::vector<std::size_t>& attached(std::size_t server) const { return attached_[server]; }

  void start_upload(std::size_t vehicle, UploadInFlight* upload) { slots_[vehicle].upload = upload; }
  // Only its own: the vehicle may have moved on and started another at its next server.
  void end_upload(std::size_t vehicle, const UploadInFlight* upload) {
    if (slots_[vehicle].upload == upload) slots_[vehicle].upload = nullptr;
  }

 private:
  int level(std::size_t vehicle) const { return level_of_(vehicle, static_cast<std::size_t>(slots_[vehicle].server)); }

  struct Slot {
    std::int64_t server = sim::kNoServer;
    simgrid::s4u::Host* station = nullptr;  // fixed_rate's, from the pool
    UploadInFlight* upload = nullptr;
  };
  const sim::World& world_;
  LevelOf level_of_;
  std::vector<Slot> slots_;
  std::vector<std::vector<std::size_t>> attached_;
  std::vector<std::vector<simgrid::s4u::Host*>> free_stations_;
};

}  // namespace vsm::agents
