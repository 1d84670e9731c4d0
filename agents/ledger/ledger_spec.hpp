#pragma once
// The ledger's section of a scenario (scenarios/README.md "ledger"): blocks of trade records
// agreed by the edge servers every block_period.
//
//   ledger: {enabled: true, block_period: 10}

#include "sim/scenario.hpp"

namespace vsm::agents::ledger {

struct LedgerSpec : sim::Section {
  bool enabled = true;
  double block_period = 0;  // seconds; as read, market.round_period when not given

  static LedgerSpec read(core::MapReader& section, const sim::Scenario& so_far);
  void write(YAML::Emitter& out) const override;
};

}  // namespace vsm::agents::ledger
