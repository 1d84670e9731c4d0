#include "agents/mobility_driver.hpp"

#include <limits>
#include <simgrid/s4u.hpp>

#include "core/stop_request.hpp"

namespace sg4 = simgrid::s4u;

namespace vsm::agents {

MobilityDriver::MobilityDriver(const sim::Scenario& scenario, const sim::World& world, RadioAccess& access,
                               sim::RunTables& tables)
    : scenario_(scenario),
      world_(world),
      access_(access),
      tables_(tables),
      mobility_(sim::make_mobility(scenario)),
      coverage_(scenario),
      shadowing_(scenario.seed, "radio.shadowing"),
      serving_(mobility_->size(), sim::kNoServer),
      shadow_db_(scenario.radio.shadowing_db > 0 ? mobility_->size() : 0, 0.0) {
  access_.set_level_of([this](std::size_t vehicle, std::size_t server) { return level(vehicle, server); });
}

void MobilityDriver::operator()() {
  const std::int64_t ticks = sim::tick_count(scenario_);
  for (std::int64_t k = 0; k < ticks && !core::stop_requested(); ++k) {
    sg4::this_actor::sleep_until(sim::tick_time(scenario_, k));
    tick(k);
    next_tick_ = k + 1 < ticks ? sim::tick_time(scenario_, k + 1) : std::numeric_limits<double>::infinity();
  }
  next_tick_ = std::numeric_limits<double>::infinity();
}

void MobilityDriver::wait_for(double now) {
  // Actors take turns, so a plain flag needs no lock; yielding lets the driver finish its tick.
  // (No mutex on purpose: a daemon killed at the end of the run must not hold one whose
  // unlock would be a simcall during its unwinding.)
  while (next_tick_ <= now) sg4::this_actor::yield();
}

int MobilityDriver::level(std::size_t vehicle, std::size_t server) const {
  const double shadow = shadow_db_.empty() ? 0.0 : shadow_db_[vehicle];
  return world_.radio().level(coverage_.distance(server, mobility_->positions()[vehicle]), shadow);
}

sim::Position MobilityDriver::velocity(std::size_t vehicle) const {
  constexpr double unknown = std::numeric_limits<double>::quiet_NaN();
  if (previous_.empty()) return {unknown, unknown};  // one report so far: no heading yet
  const auto now = mobility_->positions()[vehicle], before = previous_[vehicle];
  return {(now.x - before.x) / scenario_.mobility.tick, (now.y - before.y) / scenario_.mobility.tick};
}

void MobilityDriver::tick(std::int64_t k) {
  if (k > 0) previous_ = mobility_->positions();
  mobility_->advance_to(sim::tick_time(scenario_, k));
  before_ = serving_;
  coverage_.follow(*mobility_, serving_);
  for (std::size_t v = 0; v < serving_.size(); ++v)
    if (serving_[v] != before_[v]) access_.detach(v);
  for (std::size_t v = 0; v < serving_.size(); ++v)
    if (serving_[v] != sim::kNoServer && serving_[v] != before_[v]) access_.attach(v, static_cast<std::size_t>(serving_[v]));
  // Each served vehicle's shadowing is drawn anew on every tick, in the order of the vehicles.
  if (!shadow_db_.empty())
    for (std::size_t v = 0; v < serving_.size(); ++v)
      if (serving_[v] != sim::kNoServer) shadow_db_[v] = scenario_.radio.shadowing_db * shadowing_.normal();
  if (scenario_.output.mobility_every > 0 && k % scenario_.output.mobility_every == 0) sample(sim::tick_time(scenario_, k));
}

void MobilityDriver::sample(double t) {
  const auto& positions = mobility_->positions();
  for (std::size_t v = 0; v < serving_.size(); ++v) {
    if (!mobility_->present()[v]) continue;
    sim::MobilityRow row;
    row.t = t;
    row.vehicle = static_cast<std::int64_t>(v);
    row.x = positions[v].x;
    row.y = positions[v].y;
    row.server = access_.server_of(v);
    row.rate_mbps = access_.rate_mbps(v);
    tables_.mobility->append(row);
  }
}

}  // namespace vsm::agents
