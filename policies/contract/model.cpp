#include "policies/contract/model.hpp"

#include <algorithm>
#include <cmath>

namespace vsm::policies {

double effort(const ContractItem& item, double latency_max) { return latency_max / item.latency - 1.0; }

double user_utility(double theta, double cost, const ContractItem& item, double latency_max) {
  return theta * item.reward - cost * effort(item, latency_max);
}

double server_utility(double theta, double latency, double reward, double latency_max, const sim::Valuation& v) {
  return v.a1 * std::pow(theta, v.b1) - v.a2 * std::pow(latency / latency_max, v.b2) - reward;
}

std::optional<std::size_t> best_item(const ContractMenu& menu, double theta, double cost, double latency_max,
                                     std::optional<std::size_t> own) {
  double best_utility = -kIndifference;  // below this a vehicle declines (IR)
  for (const auto& item : menu.items) best_utility = std::max(best_utility, user_utility(theta, cost, item, latency_max));
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < menu.items.size(); ++i) {
    if (user_utility(theta, cost, menu.items[i], latency_max) < best_utility - kIndifference) continue;
    if (own == i) return i;
    if (!best || menu.items[i].reward > menu.items[*best].reward) best = i;
  }
  return best;
}

Violations violations(const ContractMenu& menu, double theta, double cost, double latency_max, std::size_t own) {
  Violations v;
  if (own >= menu.items.size()) return v;
  double own_utility = user_utility(theta, cost, menu.items[own], latency_max);
  v.ir = own_utility < -kIndifference;
  for (const auto& other : menu.items)
    v.ic = v.ic || user_utility(theta, cost, other, latency_max) > std::max(own_utility, 0.0) + kIndifference;
  return v;
}

double expected_server_utility(const ContractMenu& menu, const TypeSpace& types, double latency_max,
                               const sim::Valuation& v) {
  double expected = 0;
  for (std::size_t n = 0; n < types.size(); ++n) {
    auto choice = best_item(menu, types.thetas[n], types.costs[n], latency_max, n);
    if (!choice) continue;
    const ContractItem& item = menu.items[*choice];
    expected += types.probabilities[n] * server_utility(types.thetas[n], item.latency, item.reward, latency_max, v);
  }
  return expected;
}

}  // namespace vsm::policies
