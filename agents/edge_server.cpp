#include "agents/edge_server.hpp"

#include <cmath>
#include <simgrid/s4u.hpp>

#include "policies/auction.hpp"
#include "policies/contract_model.hpp"
#include "sim/stop_request.hpp"

namespace sg4 = simgrid::s4u;

namespace vsm::agents {

EdgeServer::EdgeServer(const sim::Scenario& scenario, std::size_t index, sg4::Host* host,
                       std::unique_ptr<policies::IncentivePolicy> policy, std::vector<const Vehicle*> in_coverage,
                       sim::RunTables& tables)
    : scenario_(scenario),
      spec_(scenario.edge_servers[index]),
      index_(static_cast<std::int64_t>(index)),
      host_(host),
      policy_(std::move(policy)),
      in_coverage_(std::move(in_coverage)),
      tables_(tables) {
  for (const auto& t : scenario.vehicles.types) {
    types_.thetas.push_back(t.theta);
    types_.costs.push_back(scenario.market.cost.coefficient(t.theta));
    types_.probabilities.push_back(t.probability);
  }
}

void EdgeServer::operator()() {
  const double period = scenario_.market.round_period;
  try {
    for (std::int64_t round = 0; round * period < scenario_.duration; ++round) {
      sg4::this_actor::sleep_until(static_cast<double>(round) * period);  // no-op if uploads ran late
      if (sim::stop_requested()) break;
      run_round(round);
      ++rounds_done_;
    }
  } catch (const std::exception& e) {
    // An actor must not let an exception escape into SimGrid: report it and stop the run.
    error_ = spec_.name + ": round " + std::to_string(rounds_done_) + ": " + e.what();
    sim::g_stop_signal.store(-1);
  }
}

policies::MarketState EdgeServer::observe(std::int64_t round) const {
  policies::MarketState state;
  state.round = round;
  state.time = sg4::Engine::get_clock();
  state.server = index_;
  state.vehicles_in_coverage = static_cast<std::int64_t>(in_coverage_.size());
  state.types = types_;
  state.latency_max = scenario_.market.latency_max;
  state.valuation = spec_.valuation;
  return state;
}

double EdgeServer::data_value(double theta, double latency) const {
  return policies::server_utility(theta, latency, 0.0, scenario_.market.latency_max, spec_.valuation);
}

void EdgeServer::run_round(std::int64_t round) {
  const auto state = observe(round);
  const auto offer = policy_->offer(state);
  sim::RoundRow summary;
  summary.t = state.time;
  summary.round = round;
  summary.server = index_;
  summary.offered = state.vehicles_in_coverage;
  auto deals = std::visit([&](const auto& o) { return negotiate(o, state, summary); }, offer);
  deliver(deals, summary);
  tables_.rounds.append(summary);
  tables_.file.flush();
}

std::vector<Deal> EdgeServer::negotiate(const policies::ContractMenu& menu, const policies::MarketState& state,
                                        sim::RoundRow& summary) const {
  const double latency_max = state.latency_max;
  summary.server_utility_expected = static_cast<double>(state.vehicles_in_coverage) *
                                    policies::expected_server_utility(menu, state.types, latency_max, spec_.valuation);
  std::vector<Deal> deals;
  for (const Vehicle* v : in_coverage_) {
    const auto& info = v->info();
    auto violated = policies::violations(menu, info.theta, info.cost, latency_max, info.type);
    summary.ir_violations += violated.ir;
    summary.ic_violations += violated.ic;
    auto response = v->respond(menu, latency_max);
    if (!response.participates) {
      ++summary.declined;
      continue;
    }
    const auto& item = menu.items[response.item];
    deals.push_back({v, static_cast<std::int64_t>(response.item), item.latency, scenario_.vehicles.data_megabytes,
                     item.reward, policies::user_utility(info.theta, info.cost, item, latency_max),
                     -info.cost * policies::effort(item, latency_max),
                     [this, theta = info.theta](double latency) { return data_value(theta, latency); }});
  }
  return deals;
}

std::vector<Deal> EdgeServer::negotiate(const policies::PostedPrice& posted, const policies::MarketState& state,
                                        sim::RoundRow& summary) const {
  summary.server_utility_expected = posted.expected_utility;
  // The leader values the quality-weighted data of the round as a whole,
  // value_weight ln(1 + sum theta x); each delivery is credited its share of it.
  std::vector<std::pair<const Vehicle*, double>> supplies;
  double quality_total = 0;
  for (const Vehicle* v : in_coverage_) {
    auto response = v->respond(posted, state.latency_max);
    if (!response.participates) {
      ++summary.declined;
      continue;
    }
    supplies.emplace_back(v, response.amount);
    quality_total += v->info().theta * response.amount;
  }
  const double round_value = posted.value_weight * std::log1p(quality_total);
  std::vector<Deal> deals;
  for (const auto& [v, amount] : supplies) {
    const double theta = v->info().theta, c = v->money_cost();
    const double share = round_value * theta * amount / quality_total;
    deals.push_back({v, -1, posted.deadline, amount * scenario_.vehicles.data_megabytes, posted.price * amount,
                     theta * (posted.price * amount - c * amount * amount / 2), -theta * c * amount * amount / 2,
                     [share](double) { return share; }});
  }
  return deals;
}

std::vector<Deal> EdgeServer::negotiate(const policies::AuctionRules& rules, const policies::MarketState& state,
                                        sim::RoundRow& summary) const {
  std::vector<double> bids;
  for (const Vehicle* v : in_coverage_) bids.push_back(v->respond(rules, state.latency_max).bid);
  auto outcome = policies::clear_auction(bids, rules);
  summary.declined = static_cast<std::int64_t>(in_coverage_.size() - outcome.winners.size());
  std::vector<Deal> deals;
  for (std::size_t w : outcome.winners) {
    const Vehicle* v = in_coverage_[w];
    const double theta = v->info().theta, cost = bids[w];  // truthful bids reveal the cost
    summary.server_utility_expected += data_value(theta, rules.latency) - outcome.price;
    deals.push_back({v, -1, rules.latency, scenario_.vehicles.data_megabytes, outcome.price,
                     theta * (outcome.price - cost), -theta * cost,
                     [this, theta](double latency) { return data_value(theta, latency); }});
  }
  return deals;
}

void EdgeServer::deliver(const std::vector<Deal>& deals, sim::RoundRow& summary) {
  std::vector<sg4::CommPtr> uploads;
  for (const auto& deal : deals)
    uploads.push_back(sg4::Comm::sendto_async(deal.vehicle->host(), host_,
                                              static_cast<std::uint64_t>(std::llround(deal.megabytes * 1e6))));
  sg4::Comm::wait_all(uploads);

  for (std::size_t i = 0; i < deals.size(); ++i) {
    const Deal& deal = deals[i];
    const auto& info = deal.vehicle->info();
    const auto& upload = uploads[i];
    const double latency = upload->get_finish_time() - upload->get_start_time();
    // A breach (the promised latency missed) is not paid; the vehicle has spent its effort anyway.
    const bool on_time = latency <= deal.deadline;

    sim::TradeRow trade;
    trade.t = summary.t;
    trade.round = summary.round;
    trade.server = index_;
    trade.vehicle = info.id;
    trade.theta = info.theta;
    trade.item = deal.item;
    trade.latency_promised = deal.deadline;
    trade.latency_measured = latency;
    trade.on_time = on_time ? 1 : 0;
    trade.reward = on_time ? deal.reward : 0.0;
    trade.user_utility = on_time ? deal.user_paid : deal.user_unpaid;
    trade.server_utility = deal.revenue(latency) - trade.reward;  // realised: the latency measured
    trade.quality = info.theta;  // honest vehicles deliver data of their type's quality
    tables_.trades.append(trade);

    sim::UploadRow row;
    row.vehicle = info.id;
    row.server = index_;
    row.t_start = upload->get_start_time();
    row.t_end = upload->get_finish_time();
    row.megabytes = deal.megabytes;
    row.latency = latency;
    row.outcome = static_cast<std::int64_t>(on_time ? sim::UploadOutcome::Ok : sim::UploadOutcome::DeadlineMissed);
    tables_.uploads.append(row);

    ++summary.accepted;
    summary.payment += trade.reward;
    summary.server_utility += trade.server_utility;
    summary.welfare += trade.server_utility + trade.user_utility;
  }
}

}  // namespace vsm::agents
