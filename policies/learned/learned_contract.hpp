#pragma once
// contract.gdm and contract.ppo: a contract menu chosen every round by a model trained with
// `vsm train`, for the server's market state (M vehicles in coverage, the types' theta and Q,
// Lmax). The model's action is projected onto the menus that satisfy IR and IC
// (contract_env.hpp), so the menu offered is always feasible.
//
//   policy: {name: contract.gdm, model: models/gdm.pt}   # relative to the scenario file
//
// The model must have been trained for the scenario's number of user types, cost model and the
// server's valuation (checked when the scenario is read). GDM's denoising noise comes from the
// server's own stream ("policy.<server>"), so runs stay reproducible. This header does not
// include LibTorch.

#include <memory>

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies::learned {

class LearnedContract : public IncentivePolicy {
 public:
  // `kind`: gdm | ppo.
  LearnedContract(core::MapReader& params, const PolicyContext& context, const std::string& kind);
  ~LearnedContract() override;
  std::string name() const override { return "contract." + kind_; }
  Offer offer(const MarketState& state) override;
  YAML::Node params() const override;

 private:
  struct Model;
  std::string kind_, path_;
  std::unique_ptr<Model> model_;
};

}  // namespace vsm::policies::learned
