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
// IC hold for each vehicle's menu. A vehicle gets no offer when cap < latency_min, when s > m
// (its data would arrive late whatever the contract), or when its menu's expected utility over
// the types is not positive, or when its heading is not known yet (one report so far). With drawn sensing the server cannot
// speed the sensing up: it offers the optimal menu to the vehicles predicted to stay for the
// mean sensing time plus the upload, and withholds it from the others.
//
//   policy: {name: contract.coverage_aware, dwell_share: 0.8, latency_min: 5}

#include "policies/incentive_policy.hpp"
#include "policies/policy_context.hpp"
#include "core/yaml_reader.hpp"

namespace vsm::policies {

// Seconds until a vehicle at `position` moving at `velocity` (m/s) leaves the disc of `radius`
// around `centre`, in a straight line; infinity for a vehicle standing still; 0 outside.
double predicted_dwell(sim::Position position, sim::Position velocity, sim::Position centre, double radius);

// The menu with every latency at most `cap` (seconds), rewards re-derived to keep IR and IC.
ContractMenu capped_menu(const ContractMenu& menu, const TypeSpace& types, double cap, double latency_max);

class CoverageAwareContract : public IncentivePolicy {
 public:
  struct Params : sim::PolicyParams {
    double dwell_share = 0.8;  // the share of the predicted dwell a contract may use
    double latency_min = 5;    // seconds: no offer when the cap falls below
    static Params read(core::MapReader& params, const PolicyContext& context);
    void write(YAML::Emitter& out) const override;
  };
  CoverageAwareContract(const Params& params, const PolicyContext& context);
  std::string name() const override { return "contract.coverage_aware"; }
  Offer offer(const MarketState& state) override;

 private:
  Params params_;
  const sim::Scenario& scenario_;
};

}  // namespace vsm::policies
