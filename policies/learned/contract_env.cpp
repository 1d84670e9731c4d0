#include "policies/learned/contract_env.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/random_stream.hpp"
#include "policies/contract/coverage_aware.hpp"

namespace vsm::policies::learned {
namespace {

constexpr auto kF64 = torch::kFloat64;

// Columns of a state row.
constexpr std::int64_t kM = 0, kN = 1, kLmax = 2, kQ = 3;
constexpr double kOnAirMax = 10;  // seconds: a feature of order one (contract_env.hpp)

}  // namespace

ContractEnv::ContractEnv(EnvConfig config) : config_(std::move(config)) {
  const auto n = types();
  std::vector<double> scale{config_.vehicles[1], static_cast<double>(n), config_.latency_max[1]};
  for (std::int64_t i = 0; i < n; ++i) scale.push_back(1.0);
  for (std::int64_t i = 0; i < n; ++i) scale.push_back(config_.theta_ranges.back()[1]);
  if (config_.network) scale.insert(scale.end(), {config_.latency_max[1], 1.0, 1.0, 1.0});  // dwell in Lmax
  feature_scale_ = torch::tensor(scale, kF64);
}

torch::Tensor ContractEnv::sample_states(std::int64_t count, std::uint64_t seed, std::string_view name) const {
  // Drawn with the project's own streams, not torch's: the same states on every machine.
  core::RandomStream rng(seed, name);
  const auto n = types();
  auto states = torch::empty({count, state_size()}, kF64);
  auto s = states.accessor<double, 2>();
  for (std::int64_t b = 0; b < count; ++b) {
    s[b][kM] = std::floor(rng.uniform(config_.vehicles[0], config_.vehicles[1] + 1));
    s[b][kN] = static_cast<double>(n);
    s[b][kLmax] = rng.uniform(config_.latency_max[0], config_.latency_max[1]);
    // Dirichlet(1, ..., 1): normalised unit exponentials.
    double total = 0;
    for (std::int64_t i = 0; i < n; ++i) total += s[b][kQ + i] = -std::log(1 - rng.uniform());
    for (std::int64_t i = 0; i < n; ++i) s[b][kQ + i] /= total;
    for (std::int64_t i = 0; i < n; ++i)
      s[b][kQ + n + i] = rng.uniform(config_.theta_ranges[i][0], config_.theta_ranges[i][1]);
  }
  return states;
}

torch::Tensor ContractEnv::state_of(const MarketState& market) const {
  const auto n = types();
  if (static_cast<std::int64_t>(market.types.size()) != n)
    throw std::invalid_argument("the model was trained for " + std::to_string(n) + " user types, the market has " +
                                std::to_string(market.types.size()));
  std::vector<double> row{static_cast<double>(market.vehicles_in_coverage), static_cast<double>(n),
                          market.latency_max};
  row.insert(row.end(), market.types.probabilities.begin(), market.types.probabilities.end());
  row.insert(row.end(), market.types.thetas.begin(), market.types.thetas.end());
  return torch::tensor(row, kF64).unsqueeze(0);
}

torch::Tensor ContractEnv::vehicle_states(const MarketState& market, const std::vector<ServerView>& servers) const {
  auto market_row = state_of(market);
  const auto vehicles = static_cast<std::int64_t>(market.vehicles.size());
  const auto width = market_row.size(1);
  auto states = torch::empty({vehicles, state_size()}, kF64);
  states.narrow(1, 0, width).copy_(market_row.expand({vehicles, width}));
  auto s = states.accessor<double, 2>();
  const double lmax = market.latency_max;
  for (std::int64_t i = 0; i < vehicles; ++i) {
    const auto& v = market.vehicles[static_cast<std::size_t>(i)];
    const ServerView& server = servers.at(static_cast<std::size_t>(v.serving));
    const bool heading = !std::isnan(v.velocity.x) && !std::isnan(v.velocity.y);
    const double dwell = heading ? predicted_dwell(v.position, v.velocity, server.centre, server.radius) : 0.0;
    s[i][width] = std::min(dwell, 2 * lmax);
    s[i][width + 1] = heading ? 1 : 0;
    s[i][width + 2] = v.rate_mbps > 0 ? std::min(server.megabits / v.rate_mbps, kOnAirMax) : kOnAirMax;
    s[i][width + 3] = v.reputation;
  }
  return states;
}

std::vector<bool> ContractEnv::offers(const torch::Tensor& actions) const {
  std::vector<bool> offer(static_cast<std::size_t>(actions.size(0)), true);
  if (!config_.network) return offer;
  auto gate = actions.select(1, 2 * types()).to(kF64).contiguous();
  auto g = gate.accessor<double, 1>();
  for (std::int64_t i = 0; i < gate.size(0); ++i) offer[static_cast<std::size_t>(i)] = g[i] >= 0;
  return offer;
}

torch::Tensor ContractEnv::features(const torch::Tensor& states) const {
  return (states / feature_scale_).to(torch::kFloat32);
}

torch::Tensor ContractEnv::cost_per_effort(const torch::Tensor& states) const {
  auto theta = states.narrow(1, kQ + types(), types());
  if (config_.cost.kind == "paper") return torch::ones_like(theta);
  return config_.cost.cost_scale / theta;
}

ContractEnv::Menus ContractEnv::project(const torch::Tensor& states, const torch::Tensor& actions) const {
  const auto n = types();
  auto a = actions.to(kF64).narrow(1, 0, 2 * n).clamp(-1, 1).reshape({-1, n, 2});
  auto lmax = states.select(1, kLmax).unsqueeze(1);
  auto unit = (a + 1) / 2;  // [0, 1]
  auto inverse_latency = 1 / lmax + unit.select(2, 0) * (1 / config_.latency_min - 1 / lmax);
  auto raw_effort = lmax * inverse_latency - 1;
  auto raw_reward = unit.select(2, 1) * config_.reward_max;
  auto c = cost_per_effort(states);
  // Efforts non-decreasing in the type; then rewards type by type (see contract_env.hpp).
  auto effort = std::get<0>(raw_effort.cummax(1));
  std::vector<torch::Tensor> reward{torch::maximum(raw_reward.select(1, 0), c.select(1, 0) * effort.select(1, 0))};
  for (std::int64_t i = 1; i < n; ++i) {
    auto step = effort.select(1, i) - effort.select(1, i - 1);
    auto low = reward.back() + c.select(1, i) * step;       // type i must not envy item i-1
    auto high = reward.back() + c.select(1, i - 1) * step;  // type i-1 must not envy item i
    reward.push_back(torch::minimum(torch::maximum(raw_reward.select(1, i), low), high));
  }
  return {effort, torch::stack(reward, 1)};
}

torch::Tensor ContractEnv::base_utility(const torch::Tensor& states) const {
  const auto n = types();
  auto q = states.narrow(1, kQ, n);
  auto theta = states.narrow(1, kQ + n, n);
  return (q * config_.valuation.a1 * theta.pow(config_.valuation.b1)).sum(1);
}

torch::Tensor ContractEnv::contract_utility(const torch::Tensor& states, const torch::Tensor& actions) const {
  auto menus = project(states, actions);
  auto q = states.narrow(1, kQ, types());
  // L/Lmax = 1/(1 + e); every type takes its own item (the menu is feasible).
  auto cost = config_.valuation.a2 * (1 / (1 + menus.effort)).pow(config_.valuation.b2);
  return -(q * (cost + menus.reward)).sum(1);
}

torch::Tensor ContractEnv::utility(const torch::Tensor& states, const torch::Tensor& actions) const {
  return base_utility(states) + contract_utility(states, actions);
}

namespace {

ContractMenu to_menu(const torch::Tensor& effort, const torch::Tensor& reward, double lmax) {
  ContractMenu menu;
  auto e = effort.accessor<double, 1>();
  auto r = reward.accessor<double, 1>();
  for (std::int64_t i = 0; i < effort.size(0); ++i) menu.items.push_back({lmax / (1 + e[i]), r[i]});
  return menu;
}

}  // namespace

ContractMenu ContractEnv::menu(const torch::Tensor& state, const torch::Tensor& action) const {
  auto m = project(state.view({1, -1}), action.view({1, -1}));
  return to_menu(m.effort[0], m.reward[0], latency_max(state));
}

std::vector<ContractMenu> ContractEnv::menus(const torch::Tensor& states, const torch::Tensor& actions) const {
  auto m = project(states, actions);
  auto lmax = states.select(1, kLmax).contiguous();
  auto l = lmax.accessor<double, 1>();
  std::vector<ContractMenu> out;
  out.reserve(static_cast<std::size_t>(states.size(0)));
  for (std::int64_t b = 0; b < states.size(0); ++b) out.push_back(to_menu(m.effort[b], m.reward[b], l[b]));
  return out;
}

ContractMenu ContractEnv::raw_menu(const torch::Tensor& state, const torch::Tensor& action) const {
  const auto n = types();
  double lmax = latency_max(state);
  auto unit = ((action.to(kF64).reshape({-1}).narrow(0, 0, 2 * n).clamp(-1, 1).view({n, 2}) + 1) / 2).contiguous();
  auto u = unit.accessor<double, 2>();
  ContractMenu menu;
  for (std::int64_t i = 0; i < n; ++i)
    menu.items.push_back({1 / (1 / lmax + u[i][0] * (1 / config_.latency_min - 1 / lmax)), u[i][1] * config_.reward_max});
  return menu;
}

TypeSpace ContractEnv::type_space(const torch::Tensor& state) const {
  const auto n = types();
  auto s = state.to(kF64).contiguous().view({-1});
  auto v = s.accessor<double, 1>();
  TypeSpace space;
  for (std::int64_t i = 0; i < n; ++i) {
    space.thetas.push_back(v[kQ + n + i]);
    space.costs.push_back(config_.cost.coefficient(v[kQ + n + i]));
    space.probabilities.push_back(v[kQ + i]);
  }
  return space;
}

double ContractEnv::latency_max(const torch::Tensor& state) const {
  return state.to(kF64).reshape({-1})[kLmax].item<double>();
}

}  // namespace vsm::policies::learned
