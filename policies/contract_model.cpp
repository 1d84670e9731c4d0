#include "policies/contract_model.hpp"

#include <cmath>

namespace vsm::policies {

double user_utility(double theta, const ContractItem& item, double latency_max) {
  return theta * item.reward - theta * (latency_max / item.latency - 1.0);
}

double server_utility(double theta, double latency, double reward, double latency_max, const sim::Valuation& v) {
  return v.a1 * std::pow(theta, v.b1) - v.a2 * std::pow(latency / latency_max, v.b2) - reward;
}

std::optional<std::size_t> best_item(const ContractMenu& menu, double theta, double latency_max) {
  std::optional<std::size_t> best;
  double best_utility = -kIndifference;  // below this a user declines (IR)
  for (std::size_t i = 0; i < menu.items.size(); ++i) {
    double u = user_utility(theta, menu.items[i], latency_max);
    if (u > best_utility + (best ? kIndifference : 0.0)) {
      best = i;
      best_utility = u;
    }
  }
  return best;
}

double expected_server_utility(const ContractMenu& menu, const std::vector<double>& thetas,
                               const std::vector<double>& probabilities, double latency_max,
                               const sim::Valuation& v) {
  double expected = 0;
  for (std::size_t n = 0; n < thetas.size(); ++n) {
    auto choice = best_item(menu, thetas[n], latency_max);
    if (!choice) continue;
    const ContractItem& item = menu.items[*choice];
    expected += probabilities[n] * server_utility(thetas[n], item.latency, item.reward, latency_max, v);
  }
  return expected;
}

}  // namespace vsm::policies
