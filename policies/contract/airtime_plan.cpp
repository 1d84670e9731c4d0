#include "policies/contract/airtime_plan.hpp"

#include <algorithm>
#include <cmath>

#include "policies/contract/model.hpp"
#include "policies/contract/solver.hpp"

namespace vsm::policies {

AirtimePlan::AirtimePlan(const sim::Scenario& scenario, double share)
    : scenario_(scenario),
      radio_(scenario.radio),
      window_(std::max(scenario.vehicles.upload_margin, 1e-9)),
      room_(share * window_) {}

std::int64_t AirtimePlan::slot(double t) const { return static_cast<std::int64_t>(std::floor(t / window_)); }

double AirtimePlan::promised_in(std::int64_t slot) const {
  const auto it = promised_.find(slot);
  return it == promised_.end() ? 0.0 : it->second;
}

double AirtimePlan::promised(double t) const { return promised_in(slot(t)); }

bool AirtimePlan::fits(const ExpectedUploads& uploads) const {
  std::map<std::int64_t, double> added;  // a vehicle's items may start uploads in one window
  for (const auto& [start, seconds] : uploads) added[slot(start)] += seconds;
  for (const auto& [window, seconds] : added)
    if (promised_in(window) + seconds > room_) return false;
  return true;
}

void AirtimePlan::promise(const ExpectedUploads& uploads) {
  for (const auto& [start, seconds] : uploads) promised_[slot(start)] += seconds;
}

void AirtimePlan::forget_before(double t) { promised_.erase(promised_.begin(), promised_.lower_bound(slot(t))); }

double AirtimePlan::air_time(const VehicleView& v, double after) const {
  const auto& server = scenario_.edge_servers[static_cast<std::size_t>(v.serving)];
  const double dx = v.position.x + v.velocity.x * after - server.position[0];
  const double dy = v.position.y + v.velocity.y * after - server.position[1];
  const double there = radio_.level_rates()[static_cast<std::size_t>(radio_.level(std::hypot(dx, dy)))];
  return 8 * scenario_.vehicles.data_megabytes / std::min(v.rate_mbps, there);
}

ExpectedUploads AirtimePlan::uploads_of(const ContractMenu& menu, const MarketState& state, const VehicleView& v) const {
  ExpectedUploads uploads;
  for (std::size_t n = 0; n < menu.items.size(); ++n) {
    const double chance = v.claimed < 0 ? state.types.probabilities[n] : (static_cast<std::int64_t>(n) == v.claimed ? 1.0 : 0.0);
    const double after = std::max(0.0, menu.items[n].latency - scenario_.vehicles.upload_margin);
    if (chance > 0) uploads.emplace_back(state.time + after, chance * air_time(v, after));
  }
  return uploads;
}

std::optional<ContractMenu> AirtimePlan::fit(const ContractMenu& menu, const MarketState& state, const VehicleView& v,
                                             double cap, double latency_min) {
  // Above the menu's longest latency a cap changes nothing (and a vehicle standing still has an
  // infinite one).
  double longest = latency_min;
  for (const auto& item : menu.items) longest = std::max(longest, item.latency);
  for (cap = std::min(cap, longest); cap >= latency_min; cap -= window_) {
    ContractMenu capped = capped_menu(menu, state.types, cap, state.latency_max);
    if (expected_server_utility(capped, state.types, state.latency_max, state.valuation) <= 0) return std::nullopt;
    const ExpectedUploads uploads = uploads_of(capped, state, v);
    if (!fits(uploads)) continue;
    promise(uploads);
    return capped;
  }
  return std::nullopt;
}

}  // namespace vsm::policies
