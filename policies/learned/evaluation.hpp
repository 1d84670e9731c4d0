#pragma once
// `vsm eval`: contract policies scored on the same held-out states. This header does not
// include LibTorch.
//
// Policies by spec:
//   gdm:MODEL.pt, ppo:MODEL.pt   a trained model; its action is projected onto the feasible
//                                menus (contract_env.hpp) before it is offered
//   oracle                       contract.optimal, the exact optimum
//   fixed[:L1,R1,...,LN,RN]      one hand-set menu for every state (default: the menu of
//                                scenarios/contract-fixed.yaml, {60 s, 1.6}, {40 s, 2.8})
// Every vehicle type best-responds to the menu offered (it may decline or take another item).

#include <cstdint>
#include <string>
#include <vector>

#include "policies/learned/learned_config.hpp"

namespace vsm::policies::learned {

struct PolicyScores {
  std::string policy;
  std::vector<double> utility;  // U_E per state
  std::vector<double> regret;   // oracle U_E - U_E per state
  // (state, type) pairs whose own item violates IR / IC, in the menu offered and, for learned
  // policies, in the raw action before the feasibility projection.
  std::int64_t ir_violations = 0, ic_violations = 0, raw_ir_violations = 0, raw_ic_violations = 0;
  std::int64_t pairs = 0;  // states x types
  double act_seconds = 0;  // wall time to choose the menus of all states
};

// `env` is the environment of the states; models must have been trained on the same one.
// `acting`: overrides of the GDM models' acting keys (load_model_file), e.g. "gdm.acting_noise=0.5".
// Throws core::InputError for a bad spec or a model trained on another environment.
std::vector<PolicyScores> evaluate(const std::vector<std::string>& specs, const EnvConfig& env, std::int64_t states,
                                   std::uint64_t seed, const std::vector<std::string>& acting = {});

// The environment of the first model among `specs`, else nothing.
bool environment_of_models(const std::vector<std::string>& specs, EnvConfig& env);

}  // namespace vsm::policies::learned
