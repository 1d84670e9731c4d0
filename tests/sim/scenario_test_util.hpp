#pragma once
// Scenario text for tests: a small valid scenario, and a loader that uses the real policies.

#include <string>
#include <vector>

#include "app/features.hpp"
#include "sim/scenario.hpp"

namespace vsm::testing {

// Valid; line numbers matter to the error tests, so edit with care.
inline const char* kMinimalScenario =
    "name: tiny\n"                                         // 1
    "duration: 100\n"                                      // 2
    "vehicles:\n"                                          // 3
    "  count: 4\n"                                         // 4
    "  types:\n"                                           // 5
    "    - {theta: 50, probability: 0.5}\n"                // 6
    "    - {theta: 150, probability: 0.5}\n"               // 7
    "edge_servers:\n"                                      // 8
    "  - policy:\n"                                        // 9
    "      name: contract.fixed\n"                         // 10
    "      items:\n"                                       // 11
    "        - {latency: 60, reward: 1.6}\n"               // 12
    "        - {latency: 40, reward: 2.8}\n";              // 13

inline sim::Scenario load(const std::string& text, const std::vector<std::string>& overrides = {}) {
  auto doc = core::YamlDocument::load_string(text, "test.yaml");
  for (const auto& o : overrides) doc.apply_override(o);
  return sim::read_scenario(doc, app::scenario_schema());
}

}  // namespace vsm::testing
