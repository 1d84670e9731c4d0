#pragma once
// Policies by name: the scenario's `policy.name` picks one, the rest of that map are its
// parameters. Adding a mechanism = one entry in policy_registry.cpp.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "sim/scenario.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

struct PolicyEntry {
  std::string name;
  std::string summary;  // one line, shown by `vsm run --help`
  // Reads (and checks) the parameters; throws core::InputError naming the key.
  std::function<std::unique_ptr<IncentivePolicy>(core::MapReader& params, const PolicyContext& context)> make;
};

const std::vector<PolicyEntry>& policy_registry();

// Builds the named policy from its parameter map. Unknown names get a "did you mean".
std::unique_ptr<IncentivePolicy> make_policy(const std::string& name, core::MapReader& params,
                                             const PolicyContext& context);
// Builds a server's policy from its resolved spec (as recorded in the scenario).
std::unique_ptr<IncentivePolicy> make_policy(const sim::EdgeServerSpec& server, const sim::Scenario& scenario);

// The sim::PolicyResolver the scenario loader uses: build the policy, return its parameters.
YAML::Node resolve_policy(const std::string& name, core::MapReader& params, const sim::Scenario& scenario,
                          const std::string& server);

}  // namespace vsm::policies
