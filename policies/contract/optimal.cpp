#include "policies/contract/optimal.hpp"

#include "policies/contract/solver.hpp"

namespace vsm::policies {

Offer OptimalContract::offer(const MarketState& state) {
  return optimal_menu(state.types, state.latency_max, state.valuation);
}

}  // namespace vsm::policies
