#include "agents/ledger/ledger_spec.hpp"

namespace vsm::agents::ledger {

LedgerSpec LedgerSpec::read(core::MapReader& section, const sim::Scenario& so_far) {
  LedgerSpec spec;
  spec.enabled = section.flag("enabled", spec.enabled);
  spec.block_period = section.number("block_period", so_far.market.round_period, core::Bounds::positive());
  spec.protocol = section.choice("protocol", spec.protocol, {"pbft", "committee"});
  spec.committee_size = section.integer("committee_size", spec.committee_size, core::Bounds::at_least(1));
  return spec;
}

void LedgerSpec::write(YAML::Emitter& out) const {
  out << YAML::Key << "enabled" << YAML::Value << enabled;
  out << YAML::Key << "block_period" << YAML::Value << core::exact_number(block_period);
  out << YAML::Key << "protocol" << YAML::Value << protocol;
  out << YAML::Key << "committee_size" << YAML::Value << committee_size;
}

}  // namespace vsm::agents::ledger
