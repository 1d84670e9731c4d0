#pragma once
// The one interface every incentive mechanism implements. Policies are created by name from a
// scenario through the registry (policy_registry.hpp).

#include <yaml-cpp/yaml.h>

#include <string>

#include "policies/market_state.hpp"
#include "policies/offer.hpp"

namespace vsm::policies {

class IncentivePolicy {
 public:
  virtual ~IncentivePolicy() = default;
  virtual std::string name() const = 0;
  virtual Offer offer(const MarketState& state) = 0;
  // The policy's parameters with every default filled in: recorded in the result file.
  virtual YAML::Node params() const = 0;
};

}  // namespace vsm::policies
