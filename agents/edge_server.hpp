#pragma once
// An edge server actor. Every market round it observes the market, asks its policy for an
// offer, collects the best responses of the vehicles in its coverage, turns them into deals
// (per mechanism: contract menu, posted price, auction), has each dealing vehicle upload its
// data (a SimGrid transfer whose latency is measured), pays the deliveries that met their
// deadline, and records trades, uploads and a round summary, flushing the result file at the
// end of each round.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "agents/vehicle.hpp"
#include "policies/contract_model.hpp"
#include "policies/incentive_policy.hpp"
#include "sim/run_tables.hpp"
#include "sim/scenario.hpp"

namespace vsm::agents {

// One vehicle's agreed delivery, whatever the mechanism that made it.
struct Deal {
  const Vehicle* vehicle = nullptr;
  std::int64_t item = -1;     // contract item, -1 for other mechanisms
  double deadline = 0;        // the latency promised, seconds
  double megabytes = 0;       // what it uploads
  double reward = 0;          // paid if delivered in time
  double user_paid = 0;       // its utility when paid
  double user_unpaid = 0;     // its utility when not paid (the effort it spent)
  std::function<double(double latency)> revenue;  // the server's gain from the data
};

class EdgeServer {
 public:
  EdgeServer(const sim::Scenario& scenario, std::size_t index, simgrid::s4u::Host* host,
             std::unique_ptr<policies::IncentivePolicy> policy, std::vector<const Vehicle*> in_coverage,
             sim::RunTables& tables);

  // The actor body: market rounds until the run's duration or a stop request.
  void operator()();

  const std::string& error() const { return error_; }  // set when a round failed

 private:
  void run_round(std::int64_t round);
  policies::MarketState observe(std::int64_t round) const;
  std::vector<Deal> negotiate(const policies::ContractMenu& menu, const policies::MarketState& state,
                              sim::RoundRow& summary) const;
  std::vector<Deal> negotiate(const policies::PostedPrice& posted, const policies::MarketState& state,
                              sim::RoundRow& summary) const;
  std::vector<Deal> negotiate(const policies::AuctionRules& rules, const policies::MarketState& state,
                              sim::RoundRow& summary) const;
  void deliver(const std::vector<Deal>& deals, sim::RoundRow& summary);
  // a1 theta^b1 - a2 (L / Lmax)^b2: the value of data of quality theta arriving after L.
  double data_value(double theta, double latency) const;

  const sim::Scenario& scenario_;
  const sim::EdgeServerSpec& spec_;
  std::int64_t index_;
  simgrid::s4u::Host* host_;
  std::unique_ptr<policies::IncentivePolicy> policy_;
  std::vector<const Vehicle*> in_coverage_;
  policies::TypeSpace types_;  // what the server knows of the vehicles: the type distribution
  sim::RunTables& tables_;
  std::int64_t rounds_done_ = 0;
  std::string error_;
};

}  // namespace vsm::agents
