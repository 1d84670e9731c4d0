#include "policies/contract/random.hpp"

namespace vsm::policies {

RandomContract::RandomContract(core::MapReader& params, const PolicyContext& context)
    : latency_min_(params.number("latency_min", 1, core::Bounds{0, context.scenario.market.latency_max, true, false})),
      reward_max_(params.number("reward_max", 10, core::Bounds::positive())),
      random_(context.scenario.seed, "policy." + context.server) {}

Offer RandomContract::offer(const MarketState& state) {
  ContractMenu menu;
  for (std::size_t n = 0; n < state.types.size(); ++n) {
    double latency = random_.uniform(latency_min_, state.latency_max);
    menu.items.push_back({latency, random_.uniform(0, reward_max_)});
  }
  return menu;
}

YAML::Node RandomContract::params() const {
  YAML::Node params;
  params["latency_min"] = latency_min_;
  params["reward_max"] = reward_max_;
  return params;
}

}  // namespace vsm::policies
