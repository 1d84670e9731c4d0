#pragma once
// The air time a server has promised on its radio, and menus fitted into what is left: how
// contract.coverage_aware (and a learned network policy) keep paced uploads on time.
//
// A vehicle pacing its sensing (vehicles.sensing: paced) starts its upload m seconds before its
// deadline (m: vehicles.upload_margin). Uploads on one 802.11 cell share it by air time: a flow
// at rate r_i gets the same throughput x as every other, with sum_i x / r_i <= 1 (SimGrid's wifi
// model). So uploads starting together all finish after the sum of their solo air times
// (size / r_i), and an upload is on time only if the air time started around it fits in m. The
// plan keeps that sum per window [k m, (k+1) m), as the server expects it from the menus it has
// offered, and lets a menu in only if every window its uploads would start in stays within
// `share` x m. A vehicle's upload for item n starts at the deal + L_n - m and takes the air at
// the slower of the rate measured and the radio model's rate where its straight line leads by
// then; it counts in full for the item the vehicle took from this server before (its type, by
// IC), or with each type's probability Q_n for a vehicle not seen yet.

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "policies/market_state.hpp"
#include "policies/offer.hpp"
#include "sim/radio.hpp"

namespace vsm::policies {

// Uploads a server expects: (when one starts, its expected seconds on the air).
using ExpectedUploads = std::vector<std::pair<double, double>>;

class AirtimePlan {
 public:
  static constexpr double kDefaultShare = 0.9;  // measured on city-10k (bench/RESULTS.md, session 17)
  AirtimePlan(const sim::Scenario& scenario, double share);

  double window() const { return window_; }
  // Expected seconds of air time promised to uploads that start in t's window.
  double promised(double t) const;
  // Whether `uploads` would keep every window they start in within the share.
  bool fits(const ExpectedUploads& uploads) const;
  void promise(const ExpectedUploads& uploads);
  // Drops the windows that end before t: their uploads have started.
  void forget_before(double t);

  // The uploads `menu` would start for vehicle `v` in `state`'s round.
  ExpectedUploads uploads_of(const ContractMenu& menu, const MarketState& state, const VehicleView& v) const;
  // Seconds the vehicle's batch needs alone on the air if it starts uploading `after` seconds
  // from now.
  double air_time(const VehicleView& v, double after) const;
  // `menu` capped at `cap`, lowered a window at a time until its uploads fit; promised and
  // returned, or none when no cap of at least `latency_min` fits with a positive expected
  // utility. A lower cap costs effort, so for the optimal menu the first that fits is the best.
  std::optional<ContractMenu> fit(const ContractMenu& menu, const MarketState& state, const VehicleView& v, double cap,
                                  double latency_min);

 private:
  std::int64_t slot(double t) const;
  double promised_in(std::int64_t slot) const;
  const sim::Scenario& scenario_;
  sim::Radio radio_;
  double window_, room_;
  std::map<std::int64_t, double> promised_;  // window index -> seconds of air time
};

}  // namespace vsm::policies
