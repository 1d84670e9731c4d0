#pragma once
// The actor that moves the world: on every mobility tick it advances the mobility model to the
// simulated clock, hands vehicles over between servers as they cross coverage borders (all
// detaches first, then all attaches, as sim::peak_load plans the fixed_rate radio pools), draws
// each served vehicle's shadowing, and samples /mobility. A vehicle's rate level follows from
// its distance (and shadowing) at the last tick, worked out when RadioAccess asks for it.

#include <memory>

#include "agents/radio_access.hpp"
#include "sim/coverage.hpp"
#include "core/random_stream.hpp"
#include "sim/run_tables.hpp"

namespace vsm::agents {

class MobilityDriver {
 public:
  MobilityDriver(const sim::Scenario& scenario, const sim::World& world, RadioAccess& access, sim::RunTables& tables);

  // The actor body (a daemon: it ends with the servers).
  void operator()();

  // Blocks the calling actor until every tick at or before `now` is done. A tick spans several
  // scheduling steps (moving a vehicle's actor is a simcall), so a market round that starts at
  // a tick's time waits here to see the world of its time, not half of it.
  void wait_for(double now);

  // Where a vehicle was at the last tick, and its velocity (m/s) over the tick before: what it
  // reports to its server. The velocity is NaN at the first tick, before a second report.
  sim::Position position(std::size_t vehicle) const { return mobility_->positions()[vehicle]; }
  const sim::Coverage& coverage() const { return coverage_; }  // the servers' discs
  sim::Position velocity(std::size_t vehicle) const;

 private:
  void tick(std::int64_t k);
  int level(std::size_t vehicle, std::size_t server) const;
  void sample(double t);

  const sim::Scenario& scenario_;
  const sim::World& world_;
  RadioAccess& access_;
  sim::RunTables& tables_;
  std::unique_ptr<sim::MobilityModel> mobility_;
  sim::Coverage coverage_;
  core::RandomStream shadowing_;
  std::vector<sim::Position> previous_;  // positions at the tick before the last
  std::vector<std::int64_t> serving_, before_;  // each vehicle's server after and before a tick
  std::vector<double> shadow_db_;  // each vehicle's shadowing at the last tick; empty without
  double next_tick_ = 0;  // the time of the next tick to do; infinity when no more
};

}  // namespace vsm::agents
