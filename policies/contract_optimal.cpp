#include "policies/contract_optimal.hpp"

#include "policies/optimal_contract.hpp"

namespace vsm::policies {

Offer OptimalContract::offer(const MarketState& state) {
  return optimal_menu(state.types, state.latency_max, state.valuation);
}

}  // namespace vsm::policies
