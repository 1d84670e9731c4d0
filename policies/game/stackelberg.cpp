#include "policies/game/stackelberg.hpp"

#include <cmath>

namespace vsm::policies {

StackelbergAggregates stackelberg_aggregates(const MarketState& state) {
  StackelbergAggregates agg;
  const auto& t = state.types;
  const double m = static_cast<double>(state.vehicles_in_coverage);
  for (std::size_t n = 0; n < t.size(); ++n) {
    double money_cost = t.costs[n] / t.thetas[n];
    agg.a += m * t.probabilities[n] * t.thetas[n] / money_cost;
    agg.b += m * t.probabilities[n] / money_cost;
  }
  return agg;
}

double leader_utility(double price, const StackelbergAggregates& agg, double value_weight) {
  return value_weight * std::log1p(price * agg.a) - price * price * agg.b;
}

double leader_optimal_price(const StackelbergAggregates& agg, double value_weight) {
  if (agg.a <= 0 || agg.b <= 0) return 0.0;  // nobody to buy from
  return (-agg.b + std::sqrt(agg.b * agg.b + 2 * value_weight * agg.a * agg.a * agg.b)) / (2 * agg.a * agg.b);
}

Stackelberg::Params Stackelberg::Params::read(core::MapReader& params, const PolicyContext& context) {
  Params p;
  p.value_weight = params.number("value_weight", p.value_weight, core::Bounds::positive());
  p.deadline = params.number("deadline", context.scenario.market.latency_max, core::Bounds::positive());
  return p;
}

void Stackelberg::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "value_weight" << YAML::Value << value_weight;
  out << YAML::Key << "deadline" << YAML::Value << deadline;
}

Offer Stackelberg::offer(const MarketState& state) {
  auto agg = stackelberg_aggregates(state);
  double price = leader_optimal_price(agg, params_.value_weight);
  return PostedPrice{price, params_.deadline, params_.value_weight, leader_utility(price, agg, params_.value_weight)};
}

}  // namespace vsm::policies
