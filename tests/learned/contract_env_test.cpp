// The contract environment: states as the paper draws them, the feasibility projection, and
// the reward against the scalar contract model and the optimal contract (the oracle).
#include <gtest/gtest.h>

#include "policies/learned/contract_env.hpp"
#include "policies/learned/oracle.hpp"
#include "policies/contract/solver.hpp"

namespace vsm::policies::learned {
namespace {

EnvConfig screening() {
  EnvConfig c;
  c.cost.kind = "screening";
  c.cost.cost_scale = 100;
  c.reward_max = 300;  // type 1's cost per unit of effort reaches 10
  return c;
}

// The action that the environment maps onto `menu` (inverse of the affine maps).
torch::Tensor action_for(const ContractEnv& env, const ContractMenu& menu, double lmax) {
  const auto& c = env.config();
  std::vector<float> a;
  for (const auto& item : menu.items) {
    a.push_back(static_cast<float>(2 * (1 / item.latency - 1 / lmax) / (1 / c.latency_min - 1 / lmax) - 1));
    a.push_back(static_cast<float>(2 * item.reward / c.reward_max - 1));
  }
  return torch::tensor(a);
}

TEST(ContractEnv, StatesFollowThePaper) {
  ContractEnv env{EnvConfig{}};
  auto s = env.sample_states(2000, 7, "test");
  ASSERT_EQ(s.size(1), 7);
  auto column = [&](int i) { return s.select(1, i); };
  EXPECT_TRUE((column(1) == 2).all().item<bool>());      // N
  EXPECT_TRUE((column(2) == 150).all().item<bool>());    // Lmax
  EXPECT_TRUE(torch::allclose(column(3) + column(4), torch::ones({2000}, torch::kFloat64)));  // Q sums to 1
  EXPECT_NEAR(column(3).mean().item<double>(), 0.5, 0.03);  // Dirichlet(1, 1): Q_1 ~ U(0, 1)
  EXPECT_GE(column(5).min().item<double>(), 10);
  EXPECT_LT(column(5).max().item<double>(), 100);
  EXPECT_GE(column(6).min().item<double>(), 100);
  EXPECT_LT(column(6).max().item<double>(), 200);
  EXPECT_TRUE(torch::equal(s, env.sample_states(2000, 7, "test")));   // reproducible
  EXPECT_FALSE(torch::equal(s, env.sample_states(2000, 7, "eval")));  // streams differ by name
}

TEST(ContractEnv, RewardIsTheServersExpectedUtilityOfTheProjectedMenu) {
  for (const auto& config : {EnvConfig{}, screening()}) {
    ContractEnv env(config);
    auto states = env.sample_states(300, 3, "states");
    auto actions = torch::rand({300, 4}, torch::TensorOptions().dtype(torch::kFloat32)) * 2 - 1;
    auto reward = env.utility(states, actions);
    auto contract_part = env.contract_utility(states, actions);
    for (std::int64_t b = 0; b < 300; ++b) {
      auto menu = env.menu(states[b], actions[b]);
      auto types = env.type_space(states[b]);
      double lmax = env.latency_max(states[b]);
      double expected = expected_server_utility(menu, types, lmax, config.valuation);
      EXPECT_NEAR(reward[b].item<double>(), expected, 1e-9 * std::abs(expected)) << config.cost.kind << " state " << b;
      EXPECT_NEAR(reward[b].item<double>() - contract_part[b].item<double>(),
                  config.valuation.a1 * (types.probabilities[0] * types.thetas[0] + types.probabilities[1] * types.thetas[1]),
                  1e-9 * std::abs(expected));
      // Feasible by construction: every type accepts its own item and prefers it.
      auto bad = count_violations(env, states[b], menu);
      EXPECT_EQ(bad.ir, 0) << config.cost.kind << " state " << b;
      EXPECT_EQ(bad.ic, 0) << config.cost.kind << " state " << b;
    }
  }
}

TEST(ContractEnv, TheOptimalMenuIsReachableAndScoresTheOraclesUtility) {
  for (const auto& config : {EnvConfig{}, screening()}) {
    ContractEnv env(config);
    auto states = env.sample_states(200, 5, "states");
    auto oracle = oracle_utility(env, states);
    int checked = 0;
    for (std::int64_t b = 0; b < 200; ++b) {
      double lmax = env.latency_max(states[b]);
      auto menu = optimal_menu(env.type_space(states[b]), lmax, config.valuation);
      bool inside = true;
      for (const auto& item : menu.items)
        inside = inside && item.latency >= config.latency_min && item.reward <= config.reward_max;
      if (!inside) continue;
      ++checked;
      auto action = action_for(env, menu, lmax);
      double utility = env.utility(states[b].unsqueeze(0), action.unsqueeze(0))[0].item<double>();
      // float32 actions: the menu comes back to ~1e-6 of the optimum.
      EXPECT_NEAR(utility, oracle[b].item<double>(), 1e-4) << config.cost.kind << " state " << b;
    }
    EXPECT_GT(checked, 150) << config.cost.kind;
  }
  // The paper's model: the optimum is L = Lmax / sqrt(a2), R = sqrt(a2) - 1 for every type.
  ContractEnv env{EnvConfig{}};
  auto state = env.sample_states(1, 1, "one");
  auto types = env.type_space(state[0]);
  double expected = 15 * (types.probabilities[0] * types.thetas[0] + types.probabilities[1] * types.thetas[1]) -
                    (2 * std::sqrt(10.0) - 1);
  EXPECT_NEAR(oracle_utility(env, state)[0].item<double>(), expected, 1e-9);
}

TEST(ContractEnv, ProjectionKeepsFeasibleMenusAndRepairsInfeasibleOnes) {
  ContractEnv env{EnvConfig{}};
  auto state = env.sample_states(1, 2, "one")[0];
  // Item 1 with effort below item 2 and rewards that violate IR: e = (1, 3), R = (0, 0).
  double lmax = 150;
  ContractMenu raw{{{lmax / 2, 0}, {lmax / 4, 0}}};
  auto action = action_for(env, raw, lmax);
  auto menu = env.menu(state, action);
  // IR binds for type 1 (R1 = e1); IC with equal cost per effort fixes R2 - e2 = R1 - e1.
  EXPECT_NEAR(menu.items[0].reward, 1, 1e-5);
  EXPECT_NEAR(menu.items[1].reward, 3, 1e-5);
  EXPECT_NEAR(menu.items[0].latency, lmax / 2, 1e-3);
  // A menu with decreasing efforts gets type 2's effort raised to type 1's.
  ContractMenu decreasing{{{lmax / 4, 5}, {lmax / 2, 5}}};
  auto fixed = env.menu(state, action_for(env, decreasing, lmax));
  EXPECT_NEAR(fixed.items[1].latency, lmax / 4, 1e-3);
  auto raw_menu = env.raw_menu(state, action_for(env, decreasing, lmax));
  EXPECT_NEAR(raw_menu.items[1].latency, lmax / 2, 1e-3);
}

TEST(ContractEnv, StateOfARunningMarket) {
  ContractEnv env{EnvConfig{}};
  MarketState market;
  market.vehicles_in_coverage = 17;
  market.latency_max = 150;
  market.types = {{40, 160}, {40, 160}, {0.3, 0.7}};
  auto s = env.state_of(market);
  EXPECT_TRUE(torch::equal(s, torch::tensor({{17.0, 2.0, 150.0, 0.3, 0.7, 40.0, 160.0}}, torch::kFloat64)));
  market.types = {{40}, {40}, {1}};
  EXPECT_THROW(env.state_of(market), std::invalid_argument);
}

}  // namespace
}  // namespace vsm::policies::learned
