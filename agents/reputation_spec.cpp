#include "agents/reputation_spec.hpp"

#include "agents/ledger/ledger_spec.hpp"

namespace vsm::agents {

ReputationSpec ReputationSpec::read(core::MapReader& section, const sim::Scenario& so_far) {
  using core::Bounds;
  ReputationSpec spec;
  spec.enabled = section.flag("enabled", spec.enabled);
  spec.threshold = section.number("threshold", spec.threshold, Bounds::between(0, 1));
  spec.decay = section.number("decay", spec.decay, Bounds::between(0, 1));
  spec.prior_weight = section.number("prior_weight", spec.prior_weight, Bounds::positive());
  spec.quality_noise = section.number("quality_noise", spec.quality_noise, Bounds::at_least(0));
  spec.tolerance = section.number("tolerance", spec.tolerance, Bounds::between(0, 1));
  spec.weight_menus = section.flag("weight_menus", spec.weight_menus);
  section.finish();  // an unknown key is named before the dependency below
  if (spec.enabled && !so_far.section<ledger::LedgerSpec>().enabled)
    section.fail("enabled", "reputations are shared through the ledger: it needs ledger.enabled: true");
  return spec;
}

void ReputationSpec::write(YAML::Emitter& out) const {
  auto key = [&](const char* name) -> YAML::Emitter& { return out << YAML::Key << name << YAML::Value; };
  key("enabled") << enabled;
  key("threshold") << core::exact_number(threshold);
  key("decay") << core::exact_number(decay);
  key("prior_weight") << core::exact_number(prior_weight);
  key("quality_noise") << core::exact_number(quality_noise);
  key("tolerance") << core::exact_number(tolerance);
  key("weight_menus") << weight_menus;
}

}  // namespace vsm::agents
