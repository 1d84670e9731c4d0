#pragma once
// The contract-design environment of the paper's case study (docs/design.md), batched in tensors.
//
// State  S = [M, N, Lmax, Q_1..Q_N, theta_1..theta_N], drawn as the paper draws it: theta_n
//        uniform in its type's range, Q ~ Dirichlet(1, ..., 1), M uniform in [m_min, m_max].
// Action a in [-1, 1]^(2N), read as {1/L_1, R_1, ..., 1/L_N, R_N} through affine maps onto
//        [1/Lmax, 1/latency_min] and [0, reward_max].
// Feasibility: the raw menu is projected onto the menus that satisfy IR and IC (project()), so
//        every menu the environment scores, and every menu a learned policy offers in a
//        simulation, is feasible by construction. The projection keeps what the action chose
//        wherever it can: efforts are made non-decreasing in the type (IC needs that when the
//        cost per unit of effort falls with the type), the lowest type's reward is raised to its
//        IR bound, and each higher type's reward is clamped between its downward and upward
//        adjacent IC bounds. Penalties were the alternative; they leave infeasible menus in the
//        policy's output, which a server could not offer.
// Reward: the server's expected utility U_E of the projected menu. The learners are trained on
//        its contract part U_E - sum_n Q_n a1 theta_n^b1: the subtracted term does not depend on
//        the action (same optimum in every state) but is ~100x larger than what the contract
//        moves, so leaving it in would drown the critic's target in state-dependent noise.
//
// Network observation (EnvConfig::network, models trained inside a simulation): the policy acts
// for each served vehicle on its own. Its state is the market's row above followed by what the
// server observes of that vehicle (policies/market_state.hpp), as four features:
//   dwell       seconds until it leaves the server's disc on a straight line at its last
//               velocity (predicted_dwell, as contract.coverage_aware), at most 2 Lmax; 0 unknown
//   heading     1 once its velocity is known (two reports), else 0
//   on_air      seconds its batch takes at the measured rate (data_megabytes * 8 / rate), at
//               most 10 (also when no rate is measured)
//   reputation  what the ledger says of it (1 without reputations)
// and its action has one more entry, the offer gate: the vehicle gets the menu when it is >= 0,
// no offer otherwise. Its reward is measured in the simulation (loop_trainer.hpp).

#include <torch/torch.h>

#include <cstdint>

#include "policies/contract/model.hpp"
#include "policies/learned/learned_config.hpp"
#include "policies/market_state.hpp"

namespace vsm::policies::learned {

// What a network model needs of a server beyond the market state: its place in the coverage map
// and the size of a batch of data.
struct ServerView {
  sim::Position centre;
  double radius = 0;      // metres
  double megabits = 0;    // one batch of data
};

class ContractEnv {
 public:
  static constexpr std::int64_t kNetworkFeatures = 4;
  explicit ContractEnv(EnvConfig config);
  const EnvConfig& config() const { return config_; }
  std::int64_t types() const { return config_.types(); }
  std::int64_t state_size() const { return 3 + 2 * types() + (config_.network ? kNetworkFeatures : 0); }
  std::int64_t action_size() const { return 2 * types() + (config_.network ? 1 : 0); }

  // `count` raw states [count, state_size] (float64), drawn from a stream named after `name`.
  torch::Tensor sample_states(std::int64_t count, std::uint64_t seed, std::string_view name) const;
  // A running market's state in the same layout (N must equal the environment's).
  torch::Tensor state_of(const MarketState& market) const;
  // A network model's states: one row per vehicle of the market [V, state_size]. `servers`: every
  // server of the run, by index; a vehicle's dwell is in the disc of the server it uses
  // (VehicleView::serving: the asking one, or a rival with market.competition).
  torch::Tensor vehicle_states(const MarketState& market, const std::vector<ServerView>& servers) const;
  // Whether each action [B, action_size] makes an offer: the gate of a network model (>= 0),
  // always otherwise.
  std::vector<bool> offers(const torch::Tensor& actions) const;
  // What the networks see: every state entry scaled to about [0, 1] (float32).
  torch::Tensor features(const torch::Tensor& states) const;

  // The feasible menus for raw actions: efforts e [B, N] and rewards R [B, N] (float64).
  struct Menus {
    torch::Tensor effort, reward;
  };
  Menus project(const torch::Tensor& states, const torch::Tensor& actions) const;
  // U_E of the projected menus [B]; contract_utility() leaves out sum_n Q_n a1 theta_n^b1.
  torch::Tensor utility(const torch::Tensor& states, const torch::Tensor& actions) const;
  torch::Tensor contract_utility(const torch::Tensor& states, const torch::Tensor& actions) const;
  torch::Tensor base_utility(const torch::Tensor& states) const;  // sum_n Q_n a1 theta_n^b1

  // The raw, unprojected menu of one action, and the projected one (what is offered).
  ContractMenu raw_menu(const torch::Tensor& state, const torch::Tensor& action) const;
  ContractMenu menu(const torch::Tensor& state, const torch::Tensor& action) const;
  std::vector<ContractMenu> menus(const torch::Tensor& states, const torch::Tensor& actions) const;  // batched
  // The scalar model's view of one state (for the oracle and the violation checks).
  TypeSpace type_space(const torch::Tensor& state) const;
  double latency_max(const torch::Tensor& state) const;

 private:
  torch::Tensor cost_per_effort(const torch::Tensor& states) const;  // c_n = C_n / theta_n [B, N]

  EnvConfig config_;
  torch::Tensor feature_scale_;
};

}  // namespace vsm::policies::learned
