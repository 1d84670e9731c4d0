#pragma once
// A vehicle: a private type theta, a host in the SimGrid world, and a best response to offers.
// Vehicles are self-interested: a contract item is taken only if it is the best for the vehicle.

#include <optional>

#include "policies/offer.hpp"
#include "sim/population.hpp"

namespace simgrid::s4u {
class Host;
}

namespace vsm::agents {

class Vehicle {
 public:
  Vehicle(sim::VehicleInit init, simgrid::s4u::Host* host) : init_(std::move(init)), host_(host) {}

  // The contract item this vehicle takes, or nothing when it declines.
  std::optional<std::size_t> respond(const policies::Offer& offer, double latency_max) const;

  const sim::VehicleInit& info() const { return init_; }
  simgrid::s4u::Host* host() const { return host_; }

 private:
  sim::VehicleInit init_;
  simgrid::s4u::Host* host_;
};

}  // namespace vsm::agents
