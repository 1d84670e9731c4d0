#pragma once
// stackelberg: the server leads with a price p per batch of data, the vehicles follow.
//
// Utility forms (on the contract model's scale: theta times a money surplus, with c = C/theta
// the vehicle's money cost per unit of effort, market.cost_model):
//   vehicle of type theta supplying x batches:  U = theta (p x - c x^2 / 2)  ->  x*(p) = p / c
//   server:                                     V = lambda ln(1 + sum_n theta_n x_n) - p sum_n x_n
// The server does not see the vehicles' types, only their distribution, so it maximises the
// expected V with M vehicles in coverage: sum theta x = p A, sum x = p B, A = M E[theta / c],
// B = M E[1 / c]:  V(p) = lambda ln(1 + p A) - p^2 B, concave, with the closed-form optimum
//   p* = (-B + sqrt(B^2 + 2 lambda A^2 B)) / (2 A B).
//
//   policy: {name: stackelberg, value_weight: 1000, deadline: 150}

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

// The follower's best response: batches supplied at price p by a vehicle of money cost c.
inline double best_supply(double price, double money_cost) { return price / money_cost; }

// A = M E[theta / c] and B = M E[1 / c] for the market state.
struct StackelbergAggregates {
  double a = 0, b = 0;
};
StackelbergAggregates stackelberg_aggregates(const MarketState& state);

double leader_utility(double price, const StackelbergAggregates& agg, double value_weight);
double leader_optimal_price(const StackelbergAggregates& agg, double value_weight);

class Stackelberg : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    double value_weight = 1000;  // the leader's value of data, as in its utility
    double deadline = 0;         // of every delivery, seconds [Lmax]
    static Params read(core::MapReader& params, const PolicyContext& context);
    void write(YAML::Emitter& out) const override;
  };
  Stackelberg(const Params& params, const PolicyContext&) : params_(params) {}
  std::string name() const override { return "stackelberg"; }
  Offer offer(const MarketState& state) override;

 private:
  Params params_;
};

}  // namespace vsm::policies
