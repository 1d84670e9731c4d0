#pragma once
// contract.fixed: a hand-set contract menu from the scenario, offered unchanged every round.
// A baseline, and the placeholder of the paper scenario until the optimal contract exists.
//
//   policy:
//     name: contract.fixed
//     items:                      # exactly one item per user type, item n for type n
//       - {latency: 60, reward: 1.6}
//       - {latency: 40, reward: 2.8}

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

class FixedContract : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    std::vector<ContractItem> items;  // item n for type n
    static Params read(core::MapReader& params, const PolicyContext& context);
    void write(YAML::Emitter& out) const override;
  };
  FixedContract(const Params& params, const PolicyContext&) { menu_.items = params.items; }
  std::string name() const override { return "contract.fixed"; }
  Offer offer(const MarketState&) override { return menu_; }

 private:
  ContractMenu menu_;
};

}  // namespace vsm::policies
