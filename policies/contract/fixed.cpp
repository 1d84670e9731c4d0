#include "policies/contract/fixed.hpp"

namespace vsm::policies {

FixedContract::Params FixedContract::Params::read(core::MapReader& params, const PolicyContext& context) {
  const auto& scenario = context.scenario;
  const double latency_max = scenario.market.latency_max;
  std::vector<core::MapReader> items = params.maps("items", 1);
  if (items.size() != scenario.vehicles.types.size())
    params.fail("items", "needs exactly one item per user type (" + std::to_string(scenario.vehicles.types.size()) +
                             " types in vehicles.types), got " + std::to_string(items.size()));
  Params p;
  for (auto& item : items) {
    ContractItem c;
    c.latency = item.number("latency", core::Bounds{0, latency_max, true, false});
    c.reward = item.number("reward", core::Bounds::at_least(0));
    item.finish();
    p.items.push_back(c);
  }
  return p;
}

void FixedContract::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "items" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : items)
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "latency" << YAML::Value << c.latency << YAML::Key
        << "reward" << YAML::Value << c.reward << YAML::EndMap;
  out << YAML::EndSeq;
}

}  // namespace vsm::policies
