#pragma once
// A vehicle: a private type theta, its cost coefficient, and a best response to every kind of
// offer. Vehicles are self-interested: they take a deal only if it is the best for them
// (policies/contract_model.hpp, stackelberg.hpp, auction.hpp). As a SimGrid actor it answers
// the offers arriving in its mailbox; it lives on the radio station it holds (RadioAccess moves
// it), so its messages cross the air of its server's zone.

#include <optional>

#include "agents/messages.hpp"
#include "sim/population.hpp"

namespace simgrid::s4u {
class Mailbox;
}

namespace vsm::agents {

class Vehicle {
 public:
  // claim_high: whether a malicious vehicle claims the highest type (vehicles.malicious).
  Vehicle(sim::VehicleInit init, double message_bytes, bool claims_high = false);

  // The actor body: answer offers until the run ends (the actor is a daemon).
  void operator()() const;

  Response respond(const policies::Offer& offer, double latency_max) const;
  // What a contract menu is worth to it, to compare rival servers' menus (market.competition):
  // the utility of the item it would take, nothing when it would decline. A claim_high cheat
  // chases the richest reward, so that reward is what it compares.
  std::optional<double> value_of(const policies::ContractMenu& menu, double latency_max) const;

  // Money cost of one unit of effort (c = C / theta).
  double money_cost() const { return init_.cost / init_.theta; }
  const sim::VehicleInit& info() const { return init_; }
  simgrid::s4u::Mailbox* inbox() const { return inbox_; }

 private:
  sim::VehicleInit init_;
  double message_bytes_;
  bool claims_high_;
  simgrid::s4u::Mailbox* inbox_;
};

}  // namespace vsm::agents
