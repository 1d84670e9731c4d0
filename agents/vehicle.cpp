#include "agents/vehicle.hpp"

#include "policies/contract_model.hpp"

namespace vsm::agents {

std::optional<std::size_t> Vehicle::respond(const policies::Offer& offer, double latency_max) const {
  return std::visit(
      [&](const policies::ContractMenu& menu) {
        return policies::best_item(menu, init_.theta, init_.cost, latency_max, init_.type);
      },
      offer);
}

}  // namespace vsm::agents
