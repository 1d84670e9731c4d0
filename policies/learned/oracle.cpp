#include "policies/learned/oracle.hpp"

#include "policies/contract/solver.hpp"

namespace vsm::policies::learned {

torch::Tensor oracle_utility(const ContractEnv& env, const torch::Tensor& states) {
  auto utility = torch::empty({states.size(0)}, torch::kFloat64);
  for (std::int64_t b = 0; b < states.size(0); ++b) {
    auto types = env.type_space(states[b]);
    double lmax = env.latency_max(states[b]);
    const auto& v = env.config().valuation;
    utility[b] = expected_server_utility(optimal_menu(types, lmax, v), types, lmax, v);
  }
  return utility;
}

ViolationCount count_violations(const ContractEnv& env, const torch::Tensor& state, const ContractMenu& menu) {
  auto types = env.type_space(state);
  double lmax = env.latency_max(state);
  ViolationCount count;
  for (std::size_t n = 0; n < types.size(); ++n) {
    auto v = violations(menu, types.thetas[n], types.costs[n], lmax, n);
    count.ir += v.ir;
    count.ic += v.ic;
  }
  return count;
}

}  // namespace vsm::policies::learned
