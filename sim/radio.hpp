#pragma once
// The radio between a vehicle and its edge server: distance -> received SNR (log-distance path
// loss, optional log-normal shadowing) -> the fastest rate of the scenario's table that the SNR
// supports. Below the slowest rate's SNR a vehicle inside the coverage radius still gets the
// slowest rate (coverage, not SNR, decides who is served). With radio.model fixed_rate every
// vehicle has rate_mbps wherever it is.

#include <vector>

#include "sim/scenario.hpp"

namespace vsm::sim {

class Radio {
 public:
  explicit Radio(const RadioSpec& spec);

  bool wifi() const { return wifi_; }
  // Rates of the levels in Mbit/s, fastest (level 0) first.
  const std::vector<double>& level_rates() const { return rates_; }

  double snr_db(double distance, double shadowing_db = 0) const;
  // The level for a vehicle at `distance` metres from its server.
  int level(double distance, double shadowing_db = 0) const;

 private:
  RadioSpec spec_;
  bool wifi_;
  std::vector<double> rates_;
};

}  // namespace vsm::sim
