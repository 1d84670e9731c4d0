#pragma once
// One market, assembled from a scenario, in the manner of an ns-3 helper: SimGrid's engine and
// platform (sim::World), the vehicles, the mobility driver, the cloud, the ledger replicas with
// their reputations, and the edge servers with their policies, all recording into one result
// file. A driver builds it, runs it until a round is due as often as it likes (it stops there
// and goes on from there on the next call), and finishes it:
//
//   agents::Market market(scenario, file);
//   for (std::int64_t round = 1; market.run_until_round(round); ++round) show(market.now());
//   const std::string error = market.finish();
//
// One Market per process: SimGrid's engine is a process-wide singleton.

#include <memory>
#include <string>

#include "core/result_file.hpp"
#include "policies/policy_registry.hpp"
#include "sim/scenario.hpp"

namespace vsm::agents {

class Market {
 public:
  // Builds everything and creates the run's tables in `file` (its static tables written);
  // the simulation stands at time 0, nothing has run. The servers' policies are made by
  // `policies`, the registry the scenario was read with.
  Market(const sim::Scenario& scenario, core::ResultFile& file,
         const policies::PolicyRegistry& policies = policies::builtin_policies());
  ~Market();
  Market(const Market&) = delete;
  Market& operator=(const Market&) = delete;

  // Simulates until round `round` falls due (scenario.rounds().due(round)); nothing if that
  // time is not ahead. False once the run has ended: every server has run its last round and
  // the ledger holds its trades. Stops at round boundaries leave the results bit for bit those
  // of a run made in one go. There are no stops in between: SimGrid would split the sleeps and
  // transfers under way at such a stop, moving later wake-ups by a last bit (a round due at 370 s
  // opening at 369.9999999999993 s), which the market's discrete choices then amplify.
  bool run_until_round(std::int64_t round);
  double now() const;  // the simulated time: where the run stands, or where it ended
  bool over() const;

  // Runs whatever is left to the end, then writes the run's closing figures (what reached the
  // cloud, each ledger replica's chain). Returns the error of a server's failed round, or "".
  std::string finish();

 private:
  struct Parts;
  std::unique_ptr<Parts> parts_;
};

}  // namespace vsm::agents
