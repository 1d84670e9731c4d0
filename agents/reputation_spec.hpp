#pragma once
// The reputation section of a scenario (scenarios/README.md "reputation"): subjective logic
// over the deliveries the ledger records (agents/reputation.hpp), and what servers do with it.
//
//   reputation: {enabled: true, threshold: 0.4, weight_menus: false}

#include "sim/scenario.hpp"

namespace vsm::agents {

struct ReputationSpec : sim::Section {
  bool enabled = false;
  double threshold = 0.4;      // offers are withheld from vehicles below it
  double decay = 0.9;          // evidence kept from one block to the next
  double prior_weight = 4;     // W of subjective logic: how much evidence outweighs the prior 1/2
  double quality_noise = 0.1;  // relative sigma of the server's quality check
  double tolerance = 0.2;      // a check passes when it measures at least (1 - tolerance) x the quality paid for
  bool weight_menus = false;   // weigh each type's share by the reputation of the vehicles claiming it

  // Needs the ledger's section read before it: reputations travel in the ledger's blocks.
  static ReputationSpec read(core::MapReader& section, const sim::Scenario& so_far);
  void write(YAML::Emitter& out) const override;
};

}  // namespace vsm::agents
