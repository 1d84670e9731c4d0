#pragma once
// The paper's contract model (DESIGN.md, "The paper's contract model"), exactly:
//   user of type theta choosing item (L, R):  U = theta R - theta (Lmax/L - 1)
//   server from that user:                    a1 theta^b1 - a2 (L/Lmax)^b2 - R
// A user picks the item with the highest utility and declines when every item gives U < 0.

#include <optional>
#include <vector>

#include "policies/offer.hpp"
#include "sim/scenario.hpp"

namespace vsm::policies {

// Utilities this close to zero or to each other count as equal (absorbs rounding in menus whose
// IR or IC constraints bind exactly).
inline constexpr double kIndifference = 1e-9;

double user_utility(double theta, const ContractItem& item, double latency_max);
// `latency` is what the server got: the promised L in the model, the measured one in a run.
double server_utility(double theta, double latency, double reward, double latency_max, const sim::Valuation& v);

// The item a type-theta user picks: highest utility, ties to the lower index; nothing when it
// declines (every item gives U < 0).
std::optional<std::size_t> best_item(const ContractMenu& menu, double theta, double latency_max);

// Sum_n Q_n * (server utility from a type-n user's best response; 0 if it declines).
double expected_server_utility(const ContractMenu& menu, const std::vector<double>& thetas,
                               const std::vector<double>& probabilities, double latency_max,
                               const sim::Valuation& v);

}  // namespace vsm::policies
