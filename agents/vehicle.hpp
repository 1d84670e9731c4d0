#pragma once
// A vehicle: a private type theta, its cost coefficient, and a best response to every kind of
// offer. Vehicles are self-interested: they take a deal only if it is the best for them
// (policies/contract_model.hpp, stackelberg.hpp, auction.hpp). A server's offer reaches it, and
// its answer goes back, over the radio station it holds (EdgeServer::ask, RadioAccess), so its
// messages cross the air of its server's zone; it is not an actor of its own.

#include <optional>

#include "agents/messages.hpp"
#include "sim/population.hpp"

namespace vsm::agents {

class Vehicle {
 public:
  // claim_high: whether a malicious vehicle claims the highest type (vehicles.malicious).
  explicit Vehicle(sim::VehicleInit init, bool claims_high = false);

  Response respond(const policies::Offer& offer, double latency_max) const;
  // What a contract menu is worth to it, to compare rival servers' menus (market.competition):
  // the utility of the item it would take, nothing when it would decline. A claim_high cheat
  // chases the richest reward, so that reward is what it compares.
  std::optional<double> value_of(const policies::ContractMenu& menu, double latency_max) const;

  // Money cost of one unit of effort (c = C / theta).
  double money_cost() const { return init_.cost / init_.theta; }
  const sim::VehicleInit& info() const { return init_; }

 private:
  sim::VehicleInit init_;
  bool claims_high_;
};

}  // namespace vsm::agents
