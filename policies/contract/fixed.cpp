#include "policies/contract/fixed.hpp"

namespace vsm::policies {

FixedContract::FixedContract(core::MapReader& params, const PolicyContext& context) {
  const auto& scenario = context.scenario;
  const double latency_max = scenario.market.latency_max;
  std::vector<core::MapReader> items = params.maps("items", 1);
  if (items.size() != scenario.vehicles.types.size())
    params.fail("items", "needs exactly one item per user type (" + std::to_string(scenario.vehicles.types.size()) +
                             " types in vehicles.types), got " + std::to_string(items.size()));
  for (auto& item : items) {
    ContractItem c;
    c.latency = item.number("latency", core::Bounds{0, latency_max, true, false});
    c.reward = item.number("reward", core::Bounds::at_least(0));
    item.finish();
    menu_.items.push_back(c);
  }
}

YAML::Node FixedContract::params() const {
  YAML::Node params;
  YAML::Node items(YAML::NodeType::Sequence);
  for (const auto& c : menu_.items) {
    YAML::Node item;
    item.SetStyle(YAML::EmitterStyle::Flow);
    item["latency"] = c.latency;
    item["reward"] = c.reward;
    items.push_back(item);
  }
  params["items"] = items;
  return params;
}

}  // namespace vsm::policies
