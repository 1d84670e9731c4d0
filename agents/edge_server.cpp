#include "agents/edge_server.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <simgrid/s4u.hpp>

#include "agents/cloud.hpp"
#include "policies/game/auction.hpp"
#include "policies/contract/clairvoyant.hpp"
#include "policies/contract/model.hpp"
#include "policies/contract/solver.hpp"
#include "core/stop_request.hpp"

namespace sg4 = simgrid::s4u;

namespace vsm::agents {

EdgeServer::EdgeServer(const MarketContext& market, std::size_t index,
                       std::unique_ptr<policies::IncentivePolicy> policy, ledger::Replica* ledger,
                       const Reputation* reputation)
    : scenario_(market.scenario),
      spec_(scenario_.edge_servers[index]),
      reputation_spec_(scenario_.section<ReputationSpec>()),
      index_(static_cast<std::int64_t>(index)),
      host_(market.world.server_host(index)),
      cloud_(sg4::Mailbox::by_name(kCloudMailbox)),
      policy_(std::move(policy)),
      vehicles_(market.vehicles),
      access_(market.access),
      mobility_(market.mobility),
      ledger_(ledger),
      reputation_(reputation),
      timeline_(market.timeline),
      marketplace_(market.marketplace),
      tables_(market.tables),
      unsealed_(market.unsealed),
      sensing_(scenario_.seed, "vehicles.sensing_time." + spec_.name),
      quality_check_(scenario_.seed, "reputation.quality_check." + spec_.name) {
  for (const auto& t : scenario_.vehicles.types) {
    types_.thetas.push_back(t.theta);
    types_.costs.push_back(scenario_.market.cost.coefficient(t.theta));
    types_.probabilities.push_back(t.probability);
  }
  claim_reputation_.assign(types_.size(), 1.0);
  // Before any actor runs: whichever server opens round 0 first waits for the others.
  if (marketplace_) marketplace_->expect(static_cast<std::size_t>(index_), scenario_.rounds().due(0));
}

void EdgeServer::operator()() {
  const sim::RoundClock rounds = scenario_.rounds();
  try {
    for (std::int64_t round = 0; rounds.within_run(round); round = rounds.next(round, sg4::Engine::get_clock())) {
      if (marketplace_) marketplace_->expect(static_cast<std::size_t>(index_), rounds.due(round));
      sg4::this_actor::sleep_until(rounds.due(round));
      mobility_.wait_for(sg4::Engine::get_clock());
      if (core::stop_requested()) break;
      run_round(round);
      ++rounds_done_;
    }
    if (marketplace_) marketplace_->withdraw(static_cast<std::size_t>(index_));  // rivals must not wait for it
    // The run covers its whole duration (the world keeps moving after the last round).
    if (!core::stop_requested()) {
      sg4::this_actor::sleep_until(scenario_.duration);
      mobility_.wait_for(scenario_.duration);
      if (ledger_) ledger_->wait_for_final_block();  // its trades are in the ledger
    }
  } catch (const std::exception& e) {
    // An actor must not let an exception escape into SimGrid: report it and stop the run.
    error_ = spec_.name + ": round " + std::to_string(rounds_done_) + ": " + e.what();
    core::g_stop_signal.store(-1);
    if (marketplace_) marketplace_->withdraw(static_cast<std::size_t>(index_));
  }
  done_ = true;
  done_at_ = sg4::Engine::get_clock();
}

policies::MarketState EdgeServer::observe(std::int64_t round, const std::vector<std::size_t>& served,
                                          std::size_t load) const {
  policies::MarketState state;
  state.round = round;
  state.time = sg4::Engine::get_clock();
  state.server = index_;
  state.vehicles_in_coverage = static_cast<std::int64_t>(served.size());
  state.load = static_cast<std::int64_t>(load);
  state.vehicles.reserve(served.size());
  for (std::size_t v : served) {
    const auto claim = claimed_.find(static_cast<std::int64_t>(v));
    state.vehicles.push_back({static_cast<std::int64_t>(v), mobility_.position(v), mobility_.velocity(v),
                              access_.rate_mbps(v), reputation_ ? reputation_->of(v) : 1.0,
                              claim == claimed_.end() ? -1 : claim->second, access_.server_of(v)});
  }
  const bool weigh = reputation_ && reputation_spec_.weight_menus;
  state.types = weigh ? weigh_by_reputation(types_, claim_reputation_) : types_;
  state.latency_max = scenario_.market.latency_max;
  state.valuation = spec_.valuation;
  return state;
}

double EdgeServer::data_value(double theta, double latency) const {
  return policies::server_utility(theta, latency, 0.0, scenario_.market.latency_max, spec_.valuation);
}

void EdgeServer::run_round(std::int64_t round) {
  // Vehicles in the order of their ids: the round does not depend on the order they arrived in.
  std::vector<std::size_t> attached = access_.attached(static_cast<std::size_t>(index_));
  std::sort(attached.begin(), attached.end());
  std::vector<std::size_t> served = marketplace_ ? candidates() : attached;
  sim::RoundRow summary;
  const std::size_t load = attached.size();
  if (timeline_) summary.server_utility_bound = bound(attached, sg4::Engine::get_clock());
  // Vehicles the ledger's reputations put below the threshold get no offer.
  if (reputation_) {
    std::erase_if(served, [&](std::size_t v) {
      if (reputation_->of(v) >= reputation_spec_.threshold) return false;
      ++summary.withheld;
      summary.withheld_malicious += vehicles_[v].info().malicious ? 1 : 0;
      return true;
    });
  }
  const auto state = observe(round, served, load);
  const auto offer = policy_->offer(state);
  if (const auto* personal = std::get_if<policies::PersonalMenus>(&offer); personal && personal->menus.size() != served.size())
    throw std::logic_error(policy_->name() + " made " + std::to_string(personal->menus.size()) + " menus for " +
                           std::to_string(served.size()) + " vehicles");
  if (!std::holds_alternative<policies::ContractMenu>(offer) && !std::holds_alternative<policies::PersonalMenus>(offer))
    summary.server_utility_bound = std::numeric_limits<double>::quiet_NaN();  // the bound is for contracts
  summary.t = state.time;
  summary.round = round;
  summary.server = index_;
  summary.offered = state.vehicles_in_coverage;
  const std::vector<bool> lost =
      marketplace_ ? compete(served, offer, state.latency_max, summary) : std::vector<bool>(served.size(), false);
  const Responses responses = ask(served, lost, offer, summary);
  auto deals = std::visit([&](const auto& o) { return negotiate(o, state, responses, summary); }, offer);
  const double delivered = deliver(deals, summary);
  remember_claims(deals);
  cloud_->put_init(new RoundReport{index_, round, delivered}, kRoundReportBytes)
      ->detach([](void* report) { delete static_cast<RoundReport*>(report); });  // if never received
  tables_.rounds.append(summary);
  tables_.round_ended(sg4::Engine::get_clock());
}

std::vector<std::size_t> EdgeServer::candidates() const {
  std::vector<std::size_t> heard;
  const auto server = static_cast<std::size_t>(index_);
  for (std::size_t v = 0; v < vehicles_.size(); ++v) {
    if (access_.server_of(v) == sim::kNoServer || marketplace_->dealing(v)) continue;
    if (mobility_.coverage().distance(server, mobility_.position(v)) <= spec_.coverage_radius) heard.push_back(v);
  }
  return heard;
}

std::vector<bool> EdgeServer::compete(const std::vector<std::size_t>& served, const policies::Offer& offer,
                                      double latency_max, sim::RoundRow& summary) {
  const auto* personal = std::get_if<policies::PersonalMenus>(&offer);
  const auto* menu = std::get_if<policies::ContractMenu>(&offer);
  if (!personal && !menu) throw std::logic_error(policy_->name() + " made no contract offer: competition compares menus");
  Marketplace::Values values;
  for (std::size_t i = 0; i < served.size(); ++i) {
    const policies::ContractMenu* own = personal ? (personal->menus[i] ? &*personal->menus[i] : nullptr) : menu;
    if (own) values.emplace_back(served[i], vehicles_[served[i]].value_of(*own, latency_max));
  }
  marketplace_->post_and_wait(static_cast<std::size_t>(index_), sg4::Engine::get_clock(), values);
  std::vector<bool> lost(served.size(), false);
  for (const auto& [v, value] : values) {
    summary.contested += marketplace_->offers(v) > 1 ? 1 : 0;
    if (marketplace_->winner(v) == index_) continue;
    const auto at = std::lower_bound(served.begin(), served.end(), v);
    lost[static_cast<std::size_t>(at - served.begin())] = true;
    ++summary.lost_to_rivals;
  }
  return lost;
}

EdgeServer::Responses EdgeServer::ask(const std::vector<std::size_t>& served, const std::vector<bool>& lost,
                                      const policies::Offer& offer, sim::RoundRow& summary) {
  // One message at a time, as frames share one channel: the offers one vehicle after the other,
  // then the answers in the same order. Each is a transfer between the server and the
  // vehicle's radio station (the parking host once it has left); the best response itself is a
  // call, so a vehicle needs no actor, stack or mailbox.
  const auto bytes = static_cast<std::uint64_t>(scenario_.market.message_bytes);
  const auto* personal = std::get_if<policies::PersonalMenus>(&offer);
  Responses responses;
  for (std::size_t i = 0; i < served.size(); ++i) {
    if (personal && !personal->menus[i]) {
      ++summary.withheld;  // the policy made this vehicle no offer
      continue;
    }
    if (lost[i]) continue;  // it takes a rival's offer
    const Vehicle& vehicle = vehicles_[served[i]];
    sg4::Comm::sendto(host_, access_.host_of(served[i]), bytes);
    const policies::Offer& own = personal ? policies::Offer{*personal->menus[i]} : offer;
    responses.emplace_back(&vehicle, vehicle.respond(own, scenario_.market.latency_max));
  }
  for (const auto& [vehicle, response] : responses)
    sg4::Comm::sendto(access_.host_of(static_cast<std::size_t>(vehicle->info().id)), host_, bytes);
  std::sort(responses.begin(), responses.end(),
            [](const auto& a, const auto& b) { return a.first->info().id < b.first->info().id; });
  return responses;
}

std::vector<Deal> EdgeServer::negotiate(const policies::ContractMenu& menu, const policies::MarketState& state,
                                        const Responses& responses, sim::RoundRow& summary) const {
  const double latency_max = state.latency_max;
  const auto vehicles = static_cast<double>(state.vehicles_in_coverage);
  summary.server_utility_expected =
      vehicles * policies::expected_server_utility(menu, state.types, latency_max, spec_.valuation);
  summary.server_utility_optimal =
      vehicles * policies::expected_server_utility(policies::optimal_menu(state.types, latency_max, spec_.valuation),
                                                   state.types, latency_max, spec_.valuation);
  return menu_deals(responses, [&menu](const Vehicle&) -> const policies::ContractMenu& { return menu; }, latency_max,
                    summary);
}

std::vector<Deal> EdgeServer::negotiate(const policies::PersonalMenus& menus, const policies::MarketState& state,
                                        const Responses& responses, sim::RoundRow& summary) const {
  const double latency_max = state.latency_max;
  summary.server_utility_expected = 0;
  for (const auto& menu : menus.menus)
    if (menu) summary.server_utility_expected += policies::expected_server_utility(*menu, state.types, latency_max, spec_.valuation);
  summary.server_utility_optimal =
      static_cast<double>(state.vehicles_in_coverage) *
      policies::expected_server_utility(policies::optimal_menu(state.types, latency_max, spec_.valuation), state.types,
                                        latency_max, spec_.valuation);
  // state.vehicles and menus.menus are in the order of the vehicles' ids.
  auto menu_of = [&](const Vehicle& v) -> const policies::ContractMenu& {
    auto at = std::lower_bound(state.vehicles.begin(), state.vehicles.end(), v.info().id,
                               [](const policies::VehicleView& view, std::int64_t id) { return view.id < id; });
    return *menus.menus[static_cast<std::size_t>(at - state.vehicles.begin())];
  };
  return menu_deals(responses, menu_of, latency_max, summary);
}

std::vector<Deal> EdgeServer::menu_deals(const Responses& responses,
                                         const std::function<const policies::ContractMenu&(const Vehicle&)>& menu_of,
                                         double latency_max, sim::RoundRow& summary) const {
  std::vector<Deal> deals;
  for (const auto& [v, response] : responses) {
    const auto& info = v->info();
    const policies::ContractMenu& menu = menu_of(*v);
    auto violated = policies::violations(menu, info.theta, info.cost, latency_max, info.type);
    summary.ir_violations += violated.ir;
    summary.ic_violations += violated.ic;
    if (!response.participates) {
      ++summary.declined;
      continue;
    }
    const auto& item = menu.items[response.item];
    deals.push_back({v, static_cast<std::int64_t>(response.item), item.latency, scenario_.vehicles.data_megabytes,
                     item.reward, policies::user_utility(info.theta, info.cost, item, latency_max),
                     -info.cost * policies::effort(item, latency_max),
                     [this](double quality, double latency) { return data_value(quality, latency); }});
  }
  return deals;
}

std::vector<Deal> EdgeServer::negotiate(const policies::PostedPrice& posted, const policies::MarketState&,
                                        const Responses& responses, sim::RoundRow& summary) const {
  summary.server_utility_expected = posted.expected_utility;
  summary.server_utility_optimal = std::numeric_limits<double>::quiet_NaN();  // not a contract menu
  // The leader values the quality-weighted data of the round as a whole,
  // value_weight ln(1 + sum theta x); each delivery is credited its share of it.
  std::vector<std::pair<const Vehicle*, double>> supplies;
  double quality_total = 0;
  for (const auto& [v, response] : responses) {
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
                     [share, theta](double quality, double) { return share * quality / theta; }});
  }
  return deals;
}

std::vector<Deal> EdgeServer::negotiate(const policies::AuctionRules& rules, const policies::MarketState&,
                                        const Responses& responses, sim::RoundRow& summary) const {
  std::vector<double> bids;
  for (const auto& [v, response] : responses) bids.push_back(response.bid);
  auto outcome = policies::clear_auction(bids, rules);
  summary.server_utility_optimal = std::numeric_limits<double>::quiet_NaN();  // not a contract menu
  summary.declined = static_cast<std::int64_t>(responses.size() - outcome.winners.size());
  std::vector<Deal> deals;
  for (std::size_t w : outcome.winners) {
    const Vehicle* v = responses[w].first;
    const double theta = v->info().theta, cost = bids[w];  // truthful bids reveal the cost
    summary.server_utility_expected += data_value(theta, rules.latency) - outcome.price;
    deals.push_back({v, -1, rules.latency, scenario_.vehicles.data_megabytes, outcome.price,
                     theta * (outcome.price - cost), -theta * cost,
                     [this](double quality, double latency) { return data_value(quality, latency); }});
  }
  return deals;
}

void EdgeServer::remember_claims(const std::vector<Deal>& deals) {
  for (const auto& deal : deals)
    if (deal.item >= 0) claimed_[deal.vehicle->info().id] = deal.item;
  if (!reputation_ || !reputation_spec_.weight_menus) return;
  // Contract item n is type n's when the menu has one item per type (contract.optimal's do).
  std::vector<double> sum(claim_reputation_.size(), 0.0), count(claim_reputation_.size(), 0.0);
  for (const auto& deal : deals) {
    if (deal.item < 0 || static_cast<std::size_t>(deal.item) >= sum.size()) continue;
    sum[static_cast<std::size_t>(deal.item)] += reputation_->of(static_cast<std::size_t>(deal.vehicle->info().id));
    count[static_cast<std::size_t>(deal.item)] += 1;
  }
  for (std::size_t n = 0; n < sum.size(); ++n)
    if (count[n] > 0) claim_reputation_[n] = sum[n] / count[n];
}

std::pair<double, double> EdgeServer::qualities(const Vehicle& vehicle) const {
  const auto& info = vehicle.info();
  const auto& types = scenario_.vehicles.types;
  if (!info.malicious) return {info.theta, info.theta};
  const std::string& behaviour = scenario_.vehicles.malicious.behaviour;
  if (behaviour == "claim_high") return {types.front().theta / 2, types.back().theta};  // claims the top, sends junk
  if (behaviour == "collude") return {0.0, info.theta};  // a partner's duplicate is worth nothing
  return {info.theta, info.theta};                        // late: good data, too late
}

double EdgeServer::deliver(const std::vector<Deal>& deals, sim::RoundRow& summary) {
  // Each dealing vehicle senses for its drawn time, then uploads from its station if it is
  // still served; the uploads in flight share the air. The server starts the host-to-host
  // transfers itself: telling each vehicle by message first would put one more frame per deal
  // on the air and measured 1.5x slower to simulate at 10,000 vehicles.
  const double now = sg4::Engine::get_clock();
  const auto& sensing = scenario_.vehicles.sensing_time;
  const bool late_cheats = scenario_.vehicles.malicious.behaviour == "late";
  // Data ready once sensed; latency counts from then. A late cheat holds it past its deadline.
  struct Upload {
    double ready = 0, start = 0, end = 0, rate_mbps = 0;  // latency counts from `ready`
    UploadInFlight flight;  // what RadioAccess cancels when the vehicle leaves
  };
  std::vector<Upload> uploads(deals.size());
  // The server whose radio carries each upload: this one, or with competition the vehicle's own
  // (its data then crosses that server's backhaul). Leaving it before the upload loses the data.
  std::vector<std::int64_t> via(deals.size(), index_);
  for (std::size_t i = 0; i < deals.size() && marketplace_; ++i) {
    const auto v = static_cast<std::size_t>(deals[i].vehicle->info().id);
    via[i] = access_.server_of(v);
    marketplace_->set_dealing(v, true);
  }
  const bool paced = scenario_.vehicles.sensing_paced;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    Upload& u = uploads[i];
    if (paced) {  // senses until its deadline less the margin; the deadline counts from the deal
      u.ready = now;
      u.start = now + std::max(0.0, deals[i].deadline - scenario_.vehicles.upload_margin);
    } else {
      u.ready = now + (sensing[1] > 0 ? sensing_.uniform(sensing[0], sensing[1]) : 0.0);
      u.start = u.ready;
    }
    if (late_cheats && deals[i].vehicle->info().malicious) u.start += deals[i].deadline;
    u.end = u.start;
  }
  std::vector<std::size_t> order(deals.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return uploads[a].start < uploads[b].start; });

  for (std::size_t i : order) {
    Upload& u = uploads[i];
    sg4::this_actor::sleep_until(u.start);
    const auto v = static_cast<std::size_t>(deals[i].vehicle->info().id);
    if (access_.server_of(v) != via[i] || via[i] == sim::kNoServer) continue;  // left before its data was ready
    u.rate_mbps = access_.rate_mbps(v);
    u.flight.comm = sg4::Comm::sendto_async(access_.station_of(v), host_,
                                            static_cast<std::uint64_t>(std::llround(deals[i].megabytes * 1e6)));
    access_.start_upload(v, &u.flight);
  }
  for (std::size_t i = 0; i < deals.size(); ++i) {
    Upload& u = uploads[i];
    if (!u.flight.comm) continue;
    try {
      u.flight.comm->wait();
      u.end = u.flight.comm->get_finish_time();
      access_.end_upload(static_cast<std::size_t>(deals[i].vehicle->info().id), &u.flight);
    } catch (const simgrid::NetworkFailureException&) {  // RadioAccess cancelled it: coverage lost
      u.end = u.flight.lost_at;
    } catch (const simgrid::CancelException&) {  // the same, before the transfer had started
      u.end = u.flight.lost_at;
    }
  }

  double delivered = 0;
  for (std::size_t i = 0; i < deals.size(); ++i) {
    const Deal& deal = deals[i];
    const Upload& u = uploads[i];
    const auto& info = deal.vehicle->info();
    const bool arrived = u.flight.comm && u.flight.lost_at < 0;
    const double latency = u.end - u.ready;
    const auto [quality, paid_for] = qualities(*deal.vehicle);
    // The server checks what arrived against what it paid for, through a noisy measurement.
    const double measured = quality * (1 + reputation_spec_.quality_noise * quality_check_.normal());
    const bool check_passed = arrived && measured >= (1 - reputation_spec_.tolerance) * paid_for;
    // A breach (the promised latency missed, or no data at all) is not paid; the vehicle has
    // spent its effort anyway.
    const bool on_time = arrived && latency <= deal.deadline;

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
    // Realised: the quality delivered and the latency measured. Data earns only when it arrives
    // within the promised latency (the paper's revenue is for data received within L_n).
    trade.server_utility = (on_time ? deal.revenue(quality, latency) : 0.0) - trade.reward;
    trade.quality = arrived ? quality : 0.0;
    trade.check_passed = check_passed ? 1 : 0;
    trade.quality_claimed = paid_for;
    trade.malicious = info.malicious ? 1 : 0;
    if (on_time)
      summary.value_undelivered += std::max(0.0, deal.revenue(paid_for, latency) - deal.revenue(trade.quality, latency));
    tables_.trades.append(trade);
    if (unsealed_) unsealed_->add(trade);
    if (ledger_)
      ledger_->submit(ledger::encode(ledger::TradeRecord{trade.t, trade.round, trade.server, trade.vehicle, trade.item,
                                                         trade.latency_promised, trade.latency_measured, trade.reward,
                                                         trade.quality, trade.on_time, trade.check_passed}));

    sim::UploadRow row;
    row.vehicle = info.id;
    row.server = index_;
    row.t_start = u.start;
    row.t_end = u.end;
    row.megabytes = deal.megabytes;
    row.latency = latency;
    row.rate_mbps = u.rate_mbps;
    row.outcome = static_cast<std::int64_t>(!arrived ? sim::UploadOutcome::LostCoverage
                                            : on_time ? sim::UploadOutcome::Ok
                                                      : sim::UploadOutcome::DeadlineMissed);
    tables_.uploads.append(row);
    if (arrived) delivered += deal.megabytes;
    if (marketplace_) marketplace_->set_dealing(static_cast<std::size_t>(info.id), false);

    ++summary.accepted;
    summary.payment += trade.reward;
    summary.server_utility += trade.server_utility;
    summary.welfare += trade.server_utility + trade.user_utility;
  }
  return delivered;
}

double EdgeServer::bound(const std::vector<std::size_t>& attached, double now) const {
  double total = 0;
  for (std::size_t v : attached) {
    const auto& info = vehicles_[v].info();
    const double time_left = timeline_->leaves(v, index_, now) - now;
    // A cheat takes items whether they pay or not: no floor on what it is paid.
    const double effort_cost = info.malicious ? 0.0 : info.cost / info.theta;
    total += policies::clairvoyant_utility({qualities(vehicles_[v]).first, effort_cost, time_left},
                                           scenario_.vehicles.upload_margin, scenario_.market.latency_max,
                                           spec_.valuation);
  }
  return total;
}

}  // namespace vsm::agents
