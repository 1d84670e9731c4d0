#pragma once
// The scalar contract model applied to a batch of environment states: the exact optimum
// (contract.optimal) and the check of a menu's IR/IC constraints, state by state.

#include <torch/torch.h>

#include "policies/learned/contract_env.hpp"

namespace vsm::policies::learned {

// U_E of the optimal menu in every state [B] (float64).
torch::Tensor oracle_utility(const ContractEnv& env, const torch::Tensor& states);

// How many of a state's types would decline (IR) or prefer another item than their own (IC).
struct ViolationCount {
  std::int64_t ir = 0, ic = 0;
};
ViolationCount count_violations(const ContractEnv& env, const torch::Tensor& state, const ContractMenu& menu);

}  // namespace vsm::policies::learned
