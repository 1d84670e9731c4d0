#include "policies/policy_registry.hpp"

#include <stdexcept>

#include "core/input_error.hpp"
#include "core/text.hpp"
#include "policies/contract/fixed.hpp"
#include "policies/contract/optimal.hpp"
#include "policies/contract/coverage_aware.hpp"
#include "policies/contract/random.hpp"
#include "policies/game/auction.hpp"
#include "policies/game/stackelberg.hpp"
#include "policies/learned/learned_api.hpp"

namespace vsm::policies {
namespace {

// contract.gdm and contract.ppo live in the LibTorch plugin, loaded when one is first named.
PolicyEntry learned_entry(const std::string& kind, std::string summary) {
  return {"contract." + kind, std::move(summary),
          [kind](core::MapReader& params, const PolicyContext& context) {
            return learned::learned_api().read_policy(params, context, kind);
          },
          [](const sim::PolicyParams& params, const PolicyContext& context) {
            return learned::learned_api().make_policy(params, context);
          }};
}

}  // namespace

PolicyRegistry::PolicyRegistry(std::vector<PolicyEntry> entries) {
  for (auto& e : entries) add(std::move(e));
}

PolicyRegistry& PolicyRegistry::add(PolicyEntry entry) {
  if (find(entry.name)) throw std::invalid_argument("policy " + entry.name + " is registered twice");
  entries_.push_back(std::move(entry));
  return *this;
}

const PolicyEntry* PolicyRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

std::shared_ptr<const sim::PolicyParams> PolicyRegistry::read(const std::string& name, core::MapReader& params,
                                                              const PolicyContext& context) const {
  if (const auto* entry = find(name)) return entry->read(params, context);
  std::vector<std::string> names;
  for (const auto& e : entries_) names.push_back(e.name);
  auto guess = core::closest_match(name, names);
  params.fail("name", "unknown policy \"" + name + "\"" + (guess ? " (did you mean \"" + *guess + "\"?)" : "") +
                          "; known policies: " + core::join(names, ", "));
}

std::unique_ptr<IncentivePolicy> PolicyRegistry::make(const sim::EdgeServerSpec& server,
                                                      const sim::Scenario& scenario) const {
  const auto* entry = find(server.policy.name);
  if (!entry || !server.policy.params)
    throw std::logic_error("server " + server.name + "'s policy " + server.policy.name +
                           " was not read with this registry");
  return entry->make(*server.policy.params, {scenario, server.name});
}

sim::PolicyResolver PolicyRegistry::resolver() const {
  return [this](const std::string& name, core::MapReader& params, const sim::Scenario& scenario,
                const std::string& server) { return read(name, params, {scenario, server}); };
}

const PolicyRegistry& builtin_policies() {
  static const PolicyRegistry registry({
      policy_entry<OptimalContract>("contract.optimal",
                                    "the exact optimal contract menu (IR and IC hold; the oracle)"),
      policy_entry<CoverageAwareContract>(
          "contract.coverage_aware", "the optimal menu fitted to each vehicle's predicted time in coverage"),
      policy_entry<FixedContract>("contract.fixed",
                                  "a hand-set contract menu, one item {latency, reward} per user type"),
      policy_entry<RandomContract>("contract.random", "a random menu every round (a baseline)"),
      policy_entry<Stackelberg>("stackelberg",
                                "a posted price per batch, the leader's optimum; vehicles choose how much"),
      policy_entry<Auction>("auction", "a truthful reverse auction for k delivery slots ((k+1)-th price, reserve)"),
      learned_entry("gdm", "a menu from a trained diffusion model (vsm train --policy gdm), made feasible"),
      learned_entry("ppo", "a menu from a trained PPO policy (vsm train --policy ppo), made feasible"),
  });
  return registry;
}

}  // namespace vsm::policies
