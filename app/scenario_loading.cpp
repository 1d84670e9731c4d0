#include "app/scenario_loading.hpp"

#include "app/features.hpp"

namespace vsm::app {

sim::Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides,
                            std::optional<std::uint64_t> seed) {
  auto doc = core::YamlDocument::load_file(path);
  for (const auto& assignment : overrides) doc.apply_override(assignment);
  if (seed) doc.apply_override("seed=" + std::to_string(*seed));
  return sim::read_scenario(doc, scenario_schema());
}

}  // namespace vsm::app
