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
  return p;
}

void CoverageAwareContract::Params::write(YAML::Emitter& out) const {
  out << YAML::Key << "dwell_share" << YAML::Value << dwell_share;
  out << YAML::Key << "latency_min" << YAML::Value << latency_min;
}

CoverageAwareContract::CoverageAwareContract(const Params& params, const PolicyContext& context)
    : params_(params), scenario_(context.scenario) {}

Offer CoverageAwareContract::offer(const MarketState& state) {
  const ContractMenu optimal = optimal_menu(state.types, state.latency_max, state.valuation);
  const auto& vehicles = scenario_.vehicles;
  const double megabits = 8 * vehicles.data_megabytes;
  PersonalMenus offer;
  for (const auto& v : state.vehicles) {
    std::optional<ContractMenu> menu;
    // The upload needs the radio it uses: the asking server's, or with competition a rival's.
    const auto& server = scenario_.edge_servers[static_cast<std::size_t>(v.serving)];
    const sim::Position centre{server.position[0], server.position[1]};
    const double dwell = params_.dwell_share * predicted_dwell(v.position, v.velocity, centre, server.coverage_radius);
    const double on_air = v.rate_mbps > 0 ? megabits / v.rate_mbps : std::numeric_limits<double>::infinity();
    if (vehicles.sensing_paced) {
      // Data on the air for longer than the margin arrives late whatever the contract.
      const double cap = dwell + vehicles.upload_margin - on_air;
      if (on_air <= vehicles.upload_margin && cap >= params_.latency_min) {
        menu = capped_menu(optimal, state.types, cap, state.latency_max);
        if (expected_server_utility(*menu, state.types, state.latency_max, state.valuation) <= 0) menu.reset();
      }
    } else if (dwell >= (vehicles.sensing_time[0] + vehicles.sensing_time[1]) / 2 + on_air) {
      menu = optimal;
    }
    offer.menus.push_back(std::move(menu));
  }
  return offer;
}

}  // namespace vsm::policies
