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
//
// A model trained inside a simulation (vsm train --env scenario:FILE) acts for each served
// vehicle on its own (contract_env.hpp, "Network observation"): every vehicle gets its own
// menu or none. Two more keys serve that training, and anyone who wants a policy's experience:
//   explore: none | noise | uniform   act greedily (default), with the learner's exploration
//                                     (GDM: Gaussian noise; PPO: a draw from its policy), or
//                                     uniformly at random in the action box
//   experience: DIR                   write every offer's state and action to DIR/<server>.bin
// With paced sensing its menus then go through the server's air-time plan as
// contract.coverage_aware's do (policies/contract/airtime_plan.hpp): a menu whose uploads would
// crowd a window of the upload margin is capped lower until they fit, or withdrawn. The model
// learns what it earns through that plan; the experience records its own action.
// An experience file is rows of float64: round, server index, vehicle id, the state
// (ContractEnv::state_size) and the raw action (ContractEnv::action_size), in the order made.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies::learned {

class LearnedContract : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    std::string kind;   // gdm | ppo
    std::string model;  // the model file, made absolute
    // contract.gdm may act differently from its training config without retraining.
    std::optional<std::int64_t> action_candidates;
    std::optional<double> acting_noise;
    std::string explore = "none";  // none | noise | uniform
    std::string experience;        // a directory, made absolute; "" writes none
    // Also loads the model, to check it fits the scenario.
    static Params read(core::MapReader& params, const PolicyContext& context, const std::string& kind);
    void write(YAML::Emitter& out) const override;
    std::vector<std::string> acting() const;  // as load_model_file takes them
  };
  LearnedContract(const Params& params, const PolicyContext& context);
  ~LearnedContract() override;
  std::string name() const override { return "contract." + kind_; }
  Offer offer(const MarketState& state) override;

 private:
  struct Model;
  Offer offer_each(const MarketState& state);  // a network model: one menu (or none) per vehicle
  // With paced sensing, the menus through the server's air-time plan (airtime_plan.hpp).
  void fit_to_the_air(const MarketState& market, PersonalMenus& offer);
  std::string kind_;
  std::string explore_;
  std::unique_ptr<Model> model_;
};

}  // namespace vsm::policies::learned
