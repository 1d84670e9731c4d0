#include "policies/policy_registry.hpp"

#include "policies/contract/fixed.hpp"
#include "policies/contract/optimal.hpp"
#include "policies/contract/random.hpp"
#include "policies/game/auction.hpp"
#include "policies/game/stackelberg.hpp"
#include "policies/learned/learned_api.hpp"
#include "core/input_error.hpp"

namespace vsm::policies {
namespace {

template <class Policy>
PolicyEntry entry(std::string name, std::string summary) {
  return {std::move(name), std::move(summary), [](core::MapReader& params, const PolicyContext& context) {
            return std::unique_ptr<IncentivePolicy>(std::make_unique<Policy>(params, context));
          }};
}

PolicyEntry learned_entry(const std::string& kind, std::string summary) {
  return {"contract." + kind, std::move(summary), [kind](core::MapReader& params, const PolicyContext& context) {
            return learned::learned_api().make_policy(params, context, kind);
          }};
}

}  // namespace

const std::vector<PolicyEntry>& policy_registry() {
  static const std::vector<PolicyEntry> registry = {
      entry<OptimalContract>("contract.optimal", "the exact optimal contract menu (IR and IC hold; the oracle)"),
      entry<FixedContract>("contract.fixed", "a hand-set contract menu, one item {latency, reward} per user type"),
      entry<RandomContract>("contract.random", "a random menu every round (a baseline)"),
      entry<Stackelberg>("stackelberg", "a posted price per batch, the leader's optimum; vehicles choose how much"),
      entry<Auction>("auction", "a truthful reverse auction for k delivery slots ((k+1)-th price, reserve)"),
      learned_entry("gdm", "a menu from a trained diffusion model (vsm train --policy gdm), made feasible"),
      learned_entry("ppo", "a menu from a trained PPO policy (vsm train --policy ppo), made feasible"),
  };
  return registry;
}

std::unique_ptr<IncentivePolicy> make_policy(const std::string& name, core::MapReader& params,
                                             const PolicyContext& context) {
  std::vector<std::string> names;
  for (const auto& e : policy_registry()) {
    if (e.name == name) return e.make(params, context);
    names.push_back(e.name);
  }
  std::string list = core::join(names, ", ");
  auto guess = core::closest_match(name, names);
  params.fail("name", "unknown policy \"" + name + "\"" + (guess ? " (did you mean \"" + *guess + "\"?)" : "") +
                          "; known policies: " + list);
}

std::unique_ptr<IncentivePolicy> make_policy(const sim::EdgeServerSpec& server, const sim::Scenario& scenario) {
  const auto& spec = server.policy;
  auto doc = core::YamlDocument::from_node(spec.params, "policy " + spec.name);
  core::MapReader params(doc, doc.root(), "policy", /*optional_map=*/true);
  auto policy = make_policy(spec.name, params, {scenario, server.name});
  params.finish();
  return policy;
}

YAML::Node resolve_policy(const std::string& name, core::MapReader& params, const sim::Scenario& scenario,
                          const std::string& server) {
  return make_policy(name, params, {scenario, server})->params();
}

}  // namespace vsm::policies
