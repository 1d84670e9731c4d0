#pragma once
// A vehicle: a private type theta, its cost coefficient, a host in the SimGrid world, and a
// best response to every kind of offer. Vehicles are self-interested: they take a deal only if
// it is the best for them (policies/contract_model.hpp, stackelberg.hpp, auction.hpp).

#include <optional>

#include "policies/offer.hpp"
#include "sim/population.hpp"

namespace simgrid::s4u {
class Host;
}

namespace vsm::agents {

struct Response {
  bool participates = false;
  std::size_t item = 0;  // contract menu: the item taken
  double amount = 0;     // posted price: batches supplied
  double bid = 0;        // auction: the cost bid (truthful)
};

class Vehicle {
 public:
  Vehicle(sim::VehicleInit init, simgrid::s4u::Host* host) : init_(std::move(init)), host_(host) {}

  Response respond(const policies::Offer& offer, double latency_max) const;

  // Money cost of one unit of effort (c = C / theta).
  double money_cost() const { return init_.cost / init_.theta; }
  const sim::VehicleInit& info() const { return init_; }
  simgrid::s4u::Host* host() const { return host_; }

 private:
  sim::VehicleInit init_;
  simgrid::s4u::Host* host_;
};

}  // namespace vsm::agents
