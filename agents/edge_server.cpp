#include "agents/edge_server.hpp"

#include <simgrid/s4u.hpp>

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
      tables_(tables) {}

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
  for (const auto& t : scenario_.vehicles.types) {
    state.types.thetas.push_back(t.theta);
    state.types.costs.push_back(scenario_.market.cost.coefficient(t.theta));
    state.types.probabilities.push_back(t.probability);
  }
  state.latency_max = scenario_.market.latency_max;
  state.valuation = spec_.valuation;
  return state;
}

void EdgeServer::run_round(std::int64_t round) {
  const double latency_max = scenario_.market.latency_max;
  const double megabytes = scenario_.vehicles.data_megabytes;
  const auto state = observe(round);
  const auto offer = policy_->offer(state);
  const auto& menu = std::get<policies::ContractMenu>(offer);

  sim::RoundRow summary;
  summary.t = state.time;
  summary.round = round;
  summary.server = index_;
  summary.offered = state.vehicles_in_coverage;
  summary.server_utility_expected =
      static_cast<double>(state.vehicles_in_coverage) *
      policies::expected_server_utility(menu, state.types, latency_max, spec_.valuation);

  struct Acceptance {
    const Vehicle* vehicle;
    std::size_t item;
    sg4::CommPtr upload;
  };
  std::vector<Acceptance> accepted;
  std::vector<sg4::CommPtr> uploads;
  for (const Vehicle* v : in_coverage_) {
    const auto& info = v->info();
    // Item n is designed for type n: count the vehicles that would rather decline it (IR) or
    // strictly prefer another item (IC).
    if (info.type < menu.items.size()) {
      double own = policies::user_utility(info.theta, info.cost, menu.items[info.type], latency_max);
      if (own < -policies::kIndifference) ++summary.ir_violations;
      for (const auto& other : menu.items)
        if (policies::user_utility(info.theta, info.cost, other, latency_max) > std::max(own, 0.0) + policies::kIndifference) {
          ++summary.ic_violations;
          break;
        }
    }
    auto choice = v->respond(offer, latency_max);
    if (!choice) {
      ++summary.declined;
      continue;
    }
    auto upload = sg4::Comm::sendto_async(v->host(), host_, static_cast<std::uint64_t>(megabytes * 1e6));
    accepted.push_back({v, *choice, upload});
    uploads.push_back(upload);
  }
  sg4::Comm::wait_all(uploads);

  for (const auto& a : accepted) {
    const auto& info = a.vehicle->info();
    const auto& item = menu.items[a.item];
    const double latency = a.upload->get_finish_time() - a.upload->get_start_time();

    sim::TradeRow trade;
    trade.t = state.time;
    trade.round = round;
    trade.server = index_;
    trade.vehicle = info.id;
    trade.theta = info.theta;
    trade.item = static_cast<std::int64_t>(a.item);
    trade.latency_promised = item.latency;
    trade.latency_measured = latency;
    // A breach (the promised latency missed) is not paid; the vehicle has spent its effort anyway.
    trade.on_time = latency <= item.latency ? 1 : 0;
    trade.reward = trade.on_time ? item.reward : 0.0;
    trade.user_utility = trade.on_time ? policies::user_utility(info.theta, info.cost, item, latency_max)
                                       : -info.cost * policies::effort(item, latency_max);
    // Realised revenue counts the latency the server actually got.
    trade.server_utility = policies::server_utility(info.theta, latency, trade.reward, latency_max, spec_.valuation);
    trade.quality = info.theta;  // honest vehicles deliver data of their type's quality
    tables_.trades.append(trade);

    sim::UploadRow row;
    row.vehicle = info.id;
    row.server = index_;
    row.t_start = a.upload->get_start_time();
    row.t_end = a.upload->get_finish_time();
    row.megabytes = megabytes;
    row.latency = latency;
    row.outcome = static_cast<std::int64_t>(trade.on_time ? sim::UploadOutcome::Ok : sim::UploadOutcome::DeadlineMissed);
    tables_.uploads.append(row);

    ++summary.accepted;
    summary.payment += trade.reward;
    summary.server_utility += trade.server_utility;
    summary.welfare += trade.server_utility + trade.user_utility;
  }
  tables_.rounds.append(summary);
  tables_.file.flush();
}

}  // namespace vsm::agents
