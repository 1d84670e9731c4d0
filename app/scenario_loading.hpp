#pragma once
// From a scenario file and command-line overrides to a checked Scenario, wiring the policy
// registry into the loader (sim/ cannot see policies/; the app can).

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.hpp"

namespace vsm::app {

// Throws core::InputError with file:line:column (or the --set it came from) and key path.
sim::Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                            std::optional<std::uint64_t> seed);

}  // namespace vsm::app
