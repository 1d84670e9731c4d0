#pragma once
// Policies by name: the scenario's `policy.name` picks one, the rest of that map are its
// parameters. A registry is a value: `builtin_policies()` holds vsm's own, and a program or a
// test may copy it and add its own policy with one line (docs/tour.md, "Add a policy").

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/yaml_reader.hpp"
#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "sim/scenario.hpp"

namespace vsm::policies {

struct PolicyEntry {
  std::string name;
  std::string summary;  // one line, shown by `vsm run --help`
  // Reads (and checks) the parameters, every default filled in; throws core::InputError
  // naming the key.
  std::function<std::shared_ptr<const sim::PolicyParams>(core::MapReader& params, const PolicyContext& context)>
      read;
  // Builds the policy from parameters that `read` returned.
  std::function<std::unique_ptr<IncentivePolicy>(const sim::PolicyParams& params, const PolicyContext& context)>
      make;
};

// The entry of a policy class with a nested `Params` (policies/incentive_policy.hpp).
template <class Policy>
PolicyEntry policy_entry(std::string name, std::string summary) {
  using Params = typename Policy::Params;
  return {std::move(name), std::move(summary),
          [](core::MapReader& params, const PolicyContext& context) -> std::shared_ptr<const sim::PolicyParams> {
            return std::make_shared<Params>(Params::read(params, context));
          },
          [](const sim::PolicyParams& params, const PolicyContext& context) -> std::unique_ptr<IncentivePolicy> {
            return std::make_unique<Policy>(dynamic_cast<const Params&>(params), context);
          }};
}

class PolicyRegistry {
 public:
  PolicyRegistry() = default;
  explicit PolicyRegistry(std::vector<PolicyEntry> entries);

  // Adds a policy; std::invalid_argument if its name is taken.
  PolicyRegistry& add(PolicyEntry entry);
  const std::vector<PolicyEntry>& entries() const { return entries_; }

  // The named policy's parameters from its map; an unknown name is refused with a "did you mean".
  std::shared_ptr<const sim::PolicyParams> read(const std::string& name, core::MapReader& params,
                                                const PolicyContext& context) const;
  // A server's policy, from its spec in a scenario read with this registry.
  std::unique_ptr<IncentivePolicy> make(const sim::EdgeServerSpec& server, const sim::Scenario& scenario) const;
  // What the scenario reader calls for each server's policy map (sim::ScenarioSchema). The
  // registry must outlive it.
  sim::PolicyResolver resolver() const;

 private:
  const PolicyEntry* find(const std::string& name) const;
  std::vector<PolicyEntry> entries_;
};

// vsm's own policies: the contract family, the games and the learned ones.
const PolicyRegistry& builtin_policies();

}  // namespace vsm::policies
