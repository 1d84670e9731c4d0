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
  int level_of_snr(double snr) const;

  RadioSpec spec_;
  bool wifi_;
  std::vector<double> rates_;
  // Without shadowing, the distances where each level's SNR is met, a hair inside and outside
  // (relative 1e-9, far wider than log10's rounding): a distance clear of both answers without
  // a logarithm, one between them takes the formula. Runs for every vehicle on every tick.
  struct Reach {
    double surely_within, surely_beyond;
  };
  std::vector<Reach> reach_;  // empty: always the formula
};

}  // namespace vsm::sim
