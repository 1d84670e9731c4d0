#pragma once
// The ledger's section of a scenario (scenarios/README.md "ledger"): blocks of trade records
// agreed by the edge servers every block_period, by all of them or by a committee.
//
//   ledger: {enabled: true, block_period: 10, protocol: committee, committee_size: 16}

#include <string>

#include "sim/scenario.hpp"

namespace vsm::agents::ledger {

struct LedgerSpec : sim::Section {
  bool enabled = true;
  double block_period = 0;  // seconds; as read, market.round_period when not given
  // "pbft": every server votes on every block (messages grow with the square of the servers);
  // "committee": committee_size servers drawn per block vote, the rest take its certificate.
  std::string protocol = "pbft";
  std::int64_t committee_size = 16;

  static LedgerSpec read(core::MapReader& section, const sim::Scenario& so_far);
  void write(YAML::Emitter& out) const override;
};

}  // namespace vsm::agents::ledger
