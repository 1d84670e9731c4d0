#include "policies/policy_registry.hpp"

#include "policies/contract_fixed.hpp"
#include "sim/input_error.hpp"

namespace vsm::policies {
namespace {

template <class Policy>
PolicyEntry entry(std::string name, std::string summary) {
  return {std::move(name), std::move(summary), [](sim::MapReader& params, const sim::Scenario& scenario) {
            return std::unique_ptr<IncentivePolicy>(std::make_unique<Policy>(params, scenario));
          }};
}

}  // namespace

const std::vector<PolicyEntry>& policy_registry() {
  static const std::vector<PolicyEntry> registry = {
      entry<FixedContract>("contract.fixed", "a hand-set contract menu, one item {latency, reward} per user type"),
  };
  return registry;
}

std::unique_ptr<IncentivePolicy> make_policy(const std::string& name, sim::MapReader& params,
                                             const sim::Scenario& scenario) {
  std::vector<std::string> names;
  for (const auto& e : policy_registry()) {
    if (e.name == name) return e.make(params, scenario);
    names.push_back(e.name);
  }
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  auto guess = sim::closest_match(name, names);
  params.fail("name", "unknown policy \"" + name + "\"" + (guess ? " (did you mean \"" + *guess + "\"?)" : "") +
                          "; known policies: " + list);
}

std::unique_ptr<IncentivePolicy> make_policy(const sim::PolicySpec& spec, const sim::Scenario& scenario) {
  auto doc = sim::YamlDocument::from_node(spec.params, "policy " + spec.name);
  sim::MapReader params(doc, doc.root(), "policy", /*optional_map=*/true);
  auto policy = make_policy(spec.name, params, scenario);
  params.finish();
  return policy;
}

YAML::Node resolve_policy(const std::string& name, sim::MapReader& params, const sim::Scenario& scenario) {
  return make_policy(name, params, scenario)->params();
}

}  // namespace vsm::policies
