#include "policies/contract/random.hpp"

namespace vsm::policies {

RandomContract::Params RandomContract::Params::read(core::MapReader& params, const PolicyContext& context) {
  Params p;
  p.latency_min =
      params.number("latency_min", p.latency_min, core::Bounds{0, context.scenario.market.latency_max, true, false});
  p.reward_max = params.number("reward_max", p.reward_max, core::Bounds::positive());
  return p;
}

void RandomContract::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "latency_min" << YAML::Value << latency_min;
  out << YAML::Key << "reward_max" << YAML::Value << reward_max;
}

RandomContract::RandomContract(const Params& params, const PolicyContext& context)
    : params_(params), random_(context.scenario.seed, "policy." + context.server) {}

Offer RandomContract::offer(const MarketState& state) {
  ContractMenu menu;
  for (std::size_t n = 0; n < state.types.size(); ++n) {
    double latency = random_.uniform(params_.latency_min, state.latency_max);
    menu.items.push_back({latency, random_.uniform(0, params_.reward_max)});
  }
  return menu;
}

}  // namespace vsm::policies
