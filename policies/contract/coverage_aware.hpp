#pragma once
// contract.coverage_aware: the optimal menu, fitted to each vehicle's remaining time in
// coverage. A hand-made network-aware baseline (docs/design.md, "Network-aware contracts").
//
// From what the server observes (policies/market_state.hpp) it predicts how long each vehicle
// stays in its coverage disc: the vehicle's last reported velocity, extrapolated in a straight
// line to the disc's edge (predicted_dwell). A road network turns vehicles, so this is a point
// estimate, trusted only to `dwell_share` of its length. With paced sensing
// (vehicles.sensing: paced) the vehicle's data arrives about L - m + s after the deal for an item
// of latency L (m: vehicles.upload_margin, s: the batch's time on the air at the measured rate),
// so the latest latency that still lands in coverage is
//   cap = dwell_share * dwell + m - s.
// Its menu is the optimal menu with every latency capped there: efforts
// e_n = max(e_n*, Lmax/cap - 1), still non-decreasing with the type, and rewards from the same
// binding constraints as the optimum's (R_n = c_n e_n + sum_{k<n} (c_k - c_k+1) e_k), so IR and
// IC hold for each vehicle's menu.
//
// The air is shared: a paced vehicle uploads in the last m seconds before its deadline, and the
// uploads a server's menus start together all finish late (airtime_plan.hpp). So the server
// plans its radio's air time in windows of m seconds. Taking the vehicles that need the least
// air first (s at the slower of the measured rate and the radio model's rate where the vehicle
// is headed), it lowers each one's cap a window at a time until the uploads its menu would start
// (its own item if it has dealt with this server before, else every item with that type's
// probability) fit in `airtime_share` of their windows. A vehicle gets no offer when no cap of
// at least latency_min fits with a positive expected utility over the types, when s > m (its
// data would arrive late whatever the contract), when cap < latency_min, or when its heading is
// not known yet (one report so far). With drawn sensing the server cannot speed the sensing
// up: it offers the optimal menu to the vehicles predicted to stay for the mean sensing time
// plus the upload, and withholds it from the others.
//
//   policy: {name: contract.coverage_aware, dwell_share: 0.8, latency_min: 5, airtime_share: 0.9}

#include "policies/contract/airtime_plan.hpp"
#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

// Seconds until a vehicle at `position` moving at `velocity` (m/s) leaves the disc of `radius`
// around `centre`, in a straight line; infinity for a vehicle standing still; 0 outside.
double predicted_dwell(sim::Position position, sim::Position velocity, sim::Position centre, double radius);

class CoverageAwareContract : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    double dwell_share = 0.8;  // the share of the predicted dwell a contract may use
    double latency_min = 5;    // seconds: no offer when the cap falls below
    double airtime_share = AirtimePlan::kDefaultShare;  // the share of each window of the upload margin the plan may fill
    static Params read(core::MapReader& params, const PolicyContext& context);
    void write(YAML::Emitter& out) const override;
  };
  CoverageAwareContract(const Params& params, const PolicyContext& context);
  std::string name() const override { return "contract.coverage_aware"; }
  Offer offer(const MarketState& state) override;

 private:
  Params params_;
  const sim::Scenario& scenario_;
  AirtimePlan plan_;  // paced sensing: the air time promised in each window of the upload margin
};

}  // namespace vsm::policies
