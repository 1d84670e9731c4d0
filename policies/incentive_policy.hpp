#pragma once
// The one interface every incentive mechanism implements. Policies are created by name from a
// scenario through the registry (policy_registry.hpp): each defines a `Params` struct (derived
// from sim::PolicyParams) with `static Params read(core::MapReader&, const PolicyContext&)` and
// `write`, and a constructor from `(const Params&, const PolicyContext&)`.

#include <string>

#include "policies/market_state.hpp"
#include "policies/offer.hpp"

namespace vsm::policies {

class IncentivePolicy {
 public:
  virtual ~IncentivePolicy() = default;
  virtual std::string name() const = 0;
  virtual Offer offer(const MarketState& state) = 0;
};

}  // namespace vsm::policies
