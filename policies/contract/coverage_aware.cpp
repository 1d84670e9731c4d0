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
    : params_(params), scenario_(context.scenario), plan_(context.scenario, params.airtime_share) {}

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
  for (const Candidate& c : candidates)
    menus.menus[c.index] = plan_.fit(optimal, state, state.vehicles[c.index], c.cap, params_.latency_min);
  return menus;
}

}  // namespace vsm::policies
