#include "policies/contract/solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace vsm::policies {
namespace {

// A run of adjacent types sharing one virtual cost: sum of Q_k phi_k and sum of Q_k.
struct Block {
  double weighted_cost, mass;
  std::size_t count;
  double cost() const {
    if (mass > 0) return weighted_cost / mass;
    return weighted_cost > 0 ? std::numeric_limits<double>::infinity() : 0.0;  // types of no mass
  }
};

// The ironed virtual costs: non-increasing in the type (so efforts are non-decreasing).
std::vector<double> ironed_virtual_costs(const std::vector<double>& c, const std::vector<double>& q) {
  const std::size_t n = c.size();
  std::vector<Block> blocks;
  double mass_above = 0;
  for (double p : q) mass_above += p;
  for (std::size_t k = 0; k < n; ++k) {
    mass_above -= q[k];
    double rent = k + 1 < n ? (c[k] - c[k + 1]) * std::max(0.0, mass_above) : 0.0;
    blocks.push_back({q[k] * c[k] + rent, q[k], 1});
    while (blocks.size() > 1 && blocks[blocks.size() - 2].cost() < blocks.back().cost()) {
      Block last = blocks.back();
      blocks.pop_back();
      blocks.back() = {blocks.back().weighted_cost + last.weighted_cost, blocks.back().mass + last.mass,
                       blocks.back().count + last.count};
    }
  }
  std::vector<double> phi;
  for (const auto& b : blocks) phi.insert(phi.end(), b.count, b.cost());
  return phi;
}

// The effort where the marginal value h'(e) = a2 b2 (1 + e)^-(b2+1) equals the virtual cost.
double effort_for(double phi, const sim::Valuation& v) {
  if (!(phi < std::numeric_limits<double>::infinity())) return 0.0;
  return std::max(0.0, std::pow(v.a2 * v.b2 / phi, 1.0 / (v.b2 + 1.0)) - 1.0);
}

}  // namespace

ContractMenu optimal_menu(const TypeSpace& types, double latency_max, const sim::Valuation& v) {
  const std::size_t n = types.size();
  std::vector<double> c(n);
  for (std::size_t k = 0; k < n; ++k) c[k] = types.costs[k] / types.thetas[k];
  std::vector<double> phi = ironed_virtual_costs(c, types.probabilities);

  ContractMenu menu;
  double rent = 0;  // sum_{k<n} (c_k - c_k+1) e_k: what type n could get by mimicking lower types
  for (std::size_t k = 0; k < n; ++k) {
    double e = effort_for(phi[k], v);
    menu.items.push_back({latency_max / (1.0 + e), c[k] * e + rent});
    if (k + 1 < n) rent += (c[k] - c[k + 1]) * e;
  }
  return menu;
}

ContractMenu capped_menu(const ContractMenu& menu, const TypeSpace& types, double cap, double latency_max) {
  const double floor_effort = latency_max / std::min(cap, latency_max) - 1;
  ContractMenu capped = menu;
  double rent = 0;  // sum_{k<n} (c_k - c_k+1) e_k
  for (std::size_t n = 0; n < capped.items.size(); ++n) {
    const double e = std::max(latency_max / menu.items[n].latency - 1, floor_effort);
    const double c = types.costs[n] / types.thetas[n];
    capped.items[n] = {latency_max / (1 + e), c * e + rent};
    if (n + 1 < capped.items.size()) rent += (c - types.costs[n + 1] / types.thetas[n + 1]) * e;
  }
  return capped;
}

}  // namespace vsm::policies
