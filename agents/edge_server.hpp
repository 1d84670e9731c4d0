#pragma once
// An edge server actor. Every market round it observes the market, asks its policy for an
// offer, collects the best responses of the vehicles in its coverage, has the accepted vehicles
// upload a sensing batch (a SimGrid transfer whose latency is measured), and records the
// trades, the uploads and a round summary, flushing the result file at the end of each round.

#include <memory>
#include <string>
#include <vector>

#include "agents/vehicle.hpp"
#include "policies/incentive_policy.hpp"
#include "sim/run_tables.hpp"
#include "sim/scenario.hpp"

namespace vsm::agents {

class EdgeServer {
 public:
  EdgeServer(const sim::Scenario& scenario, std::size_t index, simgrid::s4u::Host* host,
             std::unique_ptr<policies::IncentivePolicy> policy, std::vector<const Vehicle*> in_coverage,
             sim::RunTables& tables);

  // The actor body: market rounds until the run's duration or a stop request.
  void operator()();

  std::int64_t rounds_done() const { return rounds_done_; }
  const std::string& error() const { return error_; }  // set when a round failed

 private:
  void run_round(std::int64_t round);
  policies::MarketState observe(std::int64_t round) const;

  const sim::Scenario& scenario_;
  const sim::EdgeServerSpec& spec_;
  std::int64_t index_;
  simgrid::s4u::Host* host_;
  std::unique_ptr<policies::IncentivePolicy> policy_;
  std::vector<const Vehicle*> in_coverage_;
  sim::RunTables& tables_;
  std::int64_t rounds_done_ = 0;
  std::string error_;
};

}  // namespace vsm::agents
