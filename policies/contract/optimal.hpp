#pragma once
// contract.optimal: every round, the exact optimal menu for the server's market state
// (optimal_contract.hpp). No parameters: it uses the scenario's types, cost model and the
// server's valuation.
//
//   policy: {name: contract.optimal}

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

class OptimalContract : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {  // none: the menu follows from the market state
    static Params read(core::MapReader&, const PolicyContext&) { return {}; }
    void write(YAML::Emitter&) const override {}
  };
  OptimalContract(const Params&, const PolicyContext&) {}
  std::string name() const override { return "contract.optimal"; }
  Offer offer(const MarketState& state) override;
};

}  // namespace vsm::policies
