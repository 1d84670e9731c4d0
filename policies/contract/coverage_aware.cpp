#include "policies/contract/coverage_aware.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "policies/contract/solver.hpp"

namespace vsm::policies {

double predicted_dwell(sim::Position position, sim::Position velocity, sim::Position centre, double radius) {
  const double px = position.x - centre.x, py = position.y - centre.y;
  const double inside = radius * radius - (px * px + py * py);
  if (inside < 0) return 0;
  const double a = velocity.x * velocity.x + velocity.y * velocity.y;
  if (a == 0) return std::numeric_limits<double>::infinity();
  // |p + v tau| = r: a tau^2 + 2 (p.v) tau - inside = 0, the positive root.
  const double b = px * velocity.x + py * velocity.y;
  return (-b + std::sqrt(b * b + a * inside)) / a;
}

ContractMenu capped_menu(const ContractMenu& menu, const TypeSpace& types, double cap, double latency_max) {
  const double floor_effort = latency_max / std::min(cap, latency_max) - 1;
  ContractMenu capped = menu;
  double rent = 0;  // sum_{k<n} (c_k - c_k+1) e_k
  for (std::size_t n = 0; n < capped.items.size(); ++n) {
    const double e = std::max(latency_max / menu.items[n].latency - 1, floor_effort);
    const double c = types.costs[n] / types.thetas[n];
    capped.items[n] = {latency_max / (1 + e), c * e + rent};
    if (n + 1 < capped.items.size()) rent += (c - types.costs[n + 1] / types.thetas[n + 1]) * e;
  }
  return capped;
}

CoverageAwareContract::Params CoverageAwareContract::Params::read(core::MapReader& params, const PolicyContext&) {
  Params p;
  p.dwell_share = params.number("dwell_share", p.dwell_share, core::Bounds{0, 1, true, false});
  p.latency_min = params.number("latency_min", p.latency_min, core::Bounds::positive());
  p.airtime_share = params.number("airtime_share", p.airtime_share, core::Bounds::positive());
  return p;
}

void CoverageAwareContract::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "dwell_share" << YAML::Value << dwell_share;
  out << YAML::Key << "latency_min" << YAML::Value << latency_min;
  out << YAML::Key << "airtime_share" << YAML::Value << airtime_share;
}

CoverageAwareContract::CoverageAwareContract(const Params& params, const PolicyContext& context)
    : params_(params), scenario_(context.scenario), radio_(context.scenario.radio),
      plan_(std::max(context.scenario.vehicles.upload_margin, 1e-9)) {}

Offer CoverageAwareContract::offer(const MarketState& state) {
  const ContractMenu optimal = optimal_menu(state.types, state.latency_max, state.valuation);
  const auto& vehicles = scenario_.vehicles;
  const double megabits = 8 * vehicles.data_megabytes;
  PersonalMenus menus;
  menus.menus.resize(state.vehicles.size());
  struct Candidate {
    std::size_t index;
    double cap, on_air;
  };
  std::vector<Candidate> candidates;
  for (std::size_t i = 0; i < state.vehicles.size(); ++i) {
    const auto& v = state.vehicles[i];
    // The upload needs the radio it uses: the asking server's, or with competition a rival's.
    const auto& server = scenario_.edge_servers[static_cast<std::size_t>(v.serving)];
    const sim::Position centre{server.position[0], server.position[1]};
    const double dwell = params_.dwell_share * predicted_dwell(v.position, v.velocity, centre, server.coverage_radius);
    const double on_air = v.rate_mbps > 0 ? megabits / v.rate_mbps : std::numeric_limits<double>::infinity();
    if (vehicles.sensing_paced) {
      // Data on the air for longer than the margin arrives late whatever the contract.
      const double cap = dwell + vehicles.upload_margin - on_air;
      if (on_air <= vehicles.upload_margin && cap >= params_.latency_min) candidates.push_back({i, cap, on_air});
    } else if (dwell >= (vehicles.sensing_time[0] + vehicles.sensing_time[1]) / 2 + on_air) {
      menus.menus[i] = optimal;
    }
  }
  // The air is what runs out: the vehicles that need the least of it choose their windows first
  // (every one is worth about the same to the server), and of those the ones with least time left.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.on_air != b.on_air ? a.on_air < b.on_air : a.cap < b.cap;
  });
  plan_.forget_before(state.time);
  for (const Candidate& c : candidates) menus.menus[c.index] = planned_menu(optimal, state, state.vehicles[c.index], c.cap);
  return menus;
}

double CoverageAwareContract::predicted_air_time(const VehicleView& v, double after) const {
  const auto& server = scenario_.edge_servers[static_cast<std::size_t>(v.serving)];
  const double dx = v.position.x + v.velocity.x * after - server.position[0];
  const double dy = v.position.y + v.velocity.y * after - server.position[1];
  const double there = radio_.level_rates()[static_cast<std::size_t>(radio_.level(std::hypot(dx, dy)))];
  return 8 * scenario_.vehicles.data_megabytes / std::min(v.rate_mbps, there);
}

std::optional<ContractMenu> CoverageAwareContract::planned_menu(const ContractMenu& optimal, const MarketState& state,
                                                                const VehicleView& v, double cap) {
  const double margin = scenario_.vehicles.upload_margin;
  const double room = params_.airtime_share * plan_.window();
  // Above the optimum's longest latency a cap changes nothing (and a vehicle standing still has
  // an infinite one). Lowering the cap moves the items above it earlier, one window at a time,
  // at more effort and so less utility: the first cap whose uploads fit is the best that does.
  double longest = params_.latency_min;
  for (const auto& item : optimal.items) longest = std::max(longest, item.latency);
  cap = std::min(cap, longest);
  for (; cap >= params_.latency_min; cap -= plan_.window()) {
    ContractMenu menu = capped_menu(optimal, state.types, cap, state.latency_max);
    if (expected_server_utility(menu, state.types, state.latency_max, state.valuation) <= 0) return std::nullopt;
    // Its upload for each item it may take, weighted by the chance that it takes that item.
    ExpectedUploads uploads;
    for (std::size_t n = 0; n < menu.items.size(); ++n) {
      const double chance = v.claimed < 0 ? state.types.probabilities[n] : (static_cast<std::int64_t>(n) == v.claimed ? 1.0 : 0.0);
      const double after = std::max(0.0, menu.items[n].latency - margin);  // when the upload starts
      if (chance > 0) uploads.emplace_back(state.time + after, chance * predicted_air_time(v, after));
    }
    if (!plan_.fits(uploads, room)) continue;
    plan_.promise(uploads);
    return menu;
  }
  return std::nullopt;
}

}  // namespace vsm::policies
