#pragma once
// An edge server actor. Every market round it observes the market, asks its policy for an
// offer, sends it to every vehicle it serves and collects their best responses (messages over
// the air of its zone), turns them into deals (per mechanism: contract menu, posted price,
// auction), has each dealing vehicle upload its data once it has sensed it (a SimGrid transfer
// from the vehicle's station whose latency is measured; it fails if the vehicle leaves
// coverage first), pays the deliveries that met their deadline, reports the round to the cloud
// over its backhaul, hands each trade to its ledger replica, and records trades, uploads and a
// round summary, flushing the result file each round.

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "agents/ledger/replica.hpp"
#include "agents/ledger/row_seal.hpp"
#include "agents/marketplace.hpp"
#include "agents/mobility_driver.hpp"
#include "agents/radio_access.hpp"
#include "agents/reputation.hpp"
#include "agents/reputation_spec.hpp"
#include "agents/vehicle.hpp"
#include "policies/contract/model.hpp"
#include "policies/incentive_policy.hpp"
#include "core/random_stream.hpp"
#include "sim/run_tables.hpp"
#include "sim/scenario.hpp"
#include "sim/service_timeline.hpp"

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
  std::function<double(double quality, double latency)> revenue;  // the server's gain from the data
};

// What every edge server of one market shares (agents::Market owns it all).
struct MarketContext {
  const sim::Scenario& scenario;
  const sim::World& world;
  const std::vector<Vehicle>& vehicles;
  RadioAccess& access;
  MobilityDriver& mobility;
  sim::RunTables& tables;
  ledger::UnsealedRows* unsealed = nullptr;  // the rows the ledger's blocks will seal; null with the ledger off
  const sim::ServiceTimeline* timeline = nullptr;  // the future, for the clairvoyant bound; null without it
  Marketplace* marketplace = nullptr;  // where rival servers' offers meet; null without market.competition
};

class EdgeServer {
 public:
  // Server `index` of the scenario. `ledger`: its copy of the ledger, null with the ledger
  // off; `reputation`: what that ledger says of each vehicle, null with reputation off.
  EdgeServer(const MarketContext& market, std::size_t index, std::unique_ptr<policies::IncentivePolicy> policy,
             ledger::Replica* ledger, const Reputation* reputation);

  // The actor body: market rounds until the run's duration or a stop request.
  void operator()();

  const std::string& error() const { return error_; }  // set when a round failed
  bool done() const { return done_; }  // its last round is over (or failed)
  double done_at() const { return done_at_; }  // when, once done

 private:
  using Responses = std::vector<std::pair<const Vehicle*, Response>>;

  void run_round(std::int64_t round);
  policies::MarketState observe(std::int64_t round, const std::vector<std::size_t>& served, std::size_t load) const;
  // The vehicles it offers to: those it serves, or with competition every vehicle in its coverage
  // with no deal under way.
  std::vector<std::size_t> candidates() const;
  // With competition: which of `served` took a rival's offer (the marketplace's verdict).
  std::vector<bool> compete(const std::vector<std::size_t>& served, const policies::Offer& offer,
                            double latency_max, sim::RoundRow& summary);
  Responses ask(const std::vector<std::size_t>& served, const std::vector<bool>& lost, const policies::Offer& offer,
                sim::RoundRow& summary);
  std::vector<Deal> negotiate(const policies::ContractMenu& menu, const policies::MarketState& state,
                              const Responses& responses, sim::RoundRow& summary) const;
  std::vector<Deal> negotiate(const policies::PostedPrice& posted, const policies::MarketState& state,
                              const Responses& responses, sim::RoundRow& summary) const;
  std::vector<Deal> negotiate(const policies::AuctionRules& rules, const policies::MarketState& state,
                              const Responses& responses, sim::RoundRow& summary) const;
  std::vector<Deal> negotiate(const policies::PersonalMenus& menus, const policies::MarketState& state,
                              const Responses& responses, sim::RoundRow& summary) const;
  // The deals of the vehicles that took an item of the menu `menu_of` gives them.
  std::vector<Deal> menu_deals(const Responses& responses,
                               const std::function<const policies::ContractMenu&(const Vehicle&)>& menu_of,
                               double latency_max, sim::RoundRow& summary) const;
  // The clairvoyant bound on this round's utility from the vehicles `attached` (all of them).
  double bound(const std::vector<std::size_t>& attached, double now) const;
  void remember_claims(const std::vector<Deal>& deals);  // the items taken: for weight_menus, and observed
  // The quality a vehicle's data has, and the quality the server pays for (its claimed type's).
  std::pair<double, double> qualities(const Vehicle& vehicle) const;
  // Has the deals uploaded and settles them; returns the megabytes that arrived.
  double deliver(const std::vector<Deal>& deals, sim::RoundRow& summary);
  // a1 theta^b1 - a2 (L / Lmax)^b2: the value of data of quality theta arriving after L.
  double data_value(double theta, double latency) const;

  const sim::Scenario& scenario_;
  const sim::EdgeServerSpec& spec_;
  const ReputationSpec& reputation_spec_;
  std::int64_t index_;
  simgrid::s4u::Host* host_;
  simgrid::s4u::Mailbox* cloud_;
  std::unique_ptr<policies::IncentivePolicy> policy_;
  const std::vector<Vehicle>& vehicles_;
  RadioAccess& access_;
  MobilityDriver& mobility_;
  ledger::Replica* ledger_;  // this server's copy of the ledger; null with the ledger off
  const Reputation* reputation_;  // what the ledger says of each vehicle; null with reputation off
  policies::TypeSpace types_;  // what the server knows of the vehicles: the type distribution
  // reputation.weight_menus: per type, the mean reputation of the vehicles that last claimed it
  // (took its contract item), 1 until someone has.
  std::vector<double> claim_reputation_;
  std::unordered_map<std::int64_t, std::int64_t> claimed_;  // vehicle -> the item it last took here
  const sim::ServiceTimeline* timeline_;
  Marketplace* marketplace_;
  sim::RunTables& tables_;
  ledger::UnsealedRows* unsealed_;
  core::RandomStream sensing_;  // how long each dealing vehicle senses before it uploads
  core::RandomStream quality_check_;  // the noise of the server's check of the data it receives
  std::int64_t rounds_done_ = 0;
  std::string error_;
  bool done_ = false;
  double done_at_ = 0;
};

}  // namespace vsm::agents
