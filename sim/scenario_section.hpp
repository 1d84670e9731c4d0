#pragma once
// A feature's own top-level section of a scenario (ledger:, reputation:, ...), in the manner of
// ns-3 attributes: the feature says how its section is read, checked and written back resolved;
// the scenario keeps the section by type and knows nothing of what is in it. Sections are
// registered in one list (app/features.cpp), which is also their order in the resolved scenario.

#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <string>

#include "core/yaml_reader.hpp"

namespace vsm::sim {

struct Scenario;

// A resolved section. Each feature derives its spec from it; a default-constructed spec holds
// the feature's defaults.
struct Section {
  virtual ~Section() = default;
  // Writes every key, defaults filled in, into the open map of `out`.
  virtual void write(YAML::Emitter& out) const = 0;
};

struct SectionType {
  std::string key;  // the top-level key
  // Reads the section (an absent one reads as an empty map) with the scenario read so far;
  // throws core::InputError naming the key. The scenario reader rejects unknown keys after it.
  std::function<std::shared_ptr<const Section>(core::MapReader& section, const Scenario& so_far)> read;
};

// The SectionType of a spec `S` with a static `S read(core::MapReader&, const Scenario&)`.
template <class S>
SectionType section_type(std::string key) {
  return {std::move(key), [](core::MapReader& section, const Scenario& so_far) -> std::shared_ptr<const Section> {
            return std::make_shared<const S>(S::read(section, so_far));
          }};
}

}  // namespace vsm::sim
