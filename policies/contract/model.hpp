#pragma once
// The contract model (docs/design.md, "The contract model and its exact optimum"), generalised by the vehicles'
// cost coefficient C (scenario market.cost_model: C = theta in the paper, a constant in the
// classic screening model). With effort e = Lmax/L - 1:
//   vehicle of type theta taking item (L, R):  U = theta R - C e
//   server from that vehicle:                  a1 theta^b1 - a2 (L/Lmax)^b2 - R
// A vehicle takes the item with the highest utility and declines when every item gives U < 0.

#include <optional>
#include <vector>

#include "policies/offer.hpp"
#include "sim/scenario.hpp"

namespace vsm::policies {

// Utilities this close to zero or to each other count as equal (absorbs rounding in menus whose
// IR or IC constraints bind exactly, as optimal menus' do).
inline constexpr double kIndifference = 1e-9;

// The user types as the server knows them: theta_n, cost coefficient C_n, probability Q_n.
struct TypeSpace {
  std::vector<double> thetas, costs, probabilities;
  std::size_t size() const { return thetas.size(); }
};

double effort(const ContractItem& item, double latency_max);  // Lmax/L - 1
double user_utility(double theta, double cost, const ContractItem& item, double latency_max);
// `latency` is what the server got: the promised L in the model, the measured one in a run.
double server_utility(double theta, double latency, double reward, double latency_max, const sim::Valuation& v);

// The item a vehicle takes, or nothing when it declines (every item gives U < 0). Among items
// it is indifferent between, it takes the one designed for its own type (item `own`), as
// contract theory assumes; else the one with the higher reward; else the lower index.
std::optional<std::size_t> best_item(const ContractMenu& menu, double theta, double cost, double latency_max,
                                     std::optional<std::size_t> own = std::nullopt);

// Whether a vehicle would rather decline the item designed for it (IR violated) or strictly
// prefers another item (IC violated).
struct Violations {
  bool ir = false, ic = false;
};
Violations violations(const ContractMenu& menu, double theta, double cost, double latency_max, std::size_t own);

// Sum_n Q_n * (server utility from a type-n vehicle's best response; 0 if it declines).
double expected_server_utility(const ContractMenu& menu, const TypeSpace& types, double latency_max,
                               const sim::Valuation& v);

}  // namespace vsm::policies
