#include "sim/radio.hpp"

#include <algorithm>
#include <cmath>

namespace vsm::sim {

Radio::Radio(const RadioSpec& spec) : spec_(spec), wifi_(spec.model == "wifi") {
  if (!wifi_) {
    rates_ = {spec.rate_mbps};
    return;
  }
  for (const auto& r : spec.rates) rates_.push_back(r.mbps);
  if (spec.path_loss_exponent <= 0) return;  // the SNR does not fall with distance
  for (const auto& r : spec.rates) {
    // snr_db(d) >= r.snr_db  <=>  log10(d) <= (tx - reference - noise - r.snr_db) / (10 exponent)
    const double reach = std::pow(10.0, (spec.tx_power_dbm - spec.reference_loss_db - spec.noise_dbm - r.snr_db) /
                                            (10 * spec.path_loss_exponent));
    if (!std::isfinite(reach)) {
      reach_.clear();
      return;
    }
    reach_.push_back({reach * (1 - 1e-9), reach * (1 + 1e-9)});
  }
}

double Radio::snr_db(double distance, double shadowing_db) const {
  const double path_loss = spec_.reference_loss_db + 10 * spec_.path_loss_exponent * std::log10(std::max(distance, 1.0));
  return spec_.tx_power_dbm - path_loss - shadowing_db - spec_.noise_dbm;
}

int Radio::level(double distance, double shadowing_db) const {
  if (!wifi_) return 0;
  if (shadowing_db == 0 && !reach_.empty()) {
    const double d = std::max(distance, 1.0);  // as snr_db: no gain closer than 1 m
    for (std::size_t i = 0; i < reach_.size(); ++i) {
      if (d <= reach_[i].surely_within) return static_cast<int>(i);
      if (d < reach_[i].surely_beyond) return level_of_snr(snr_db(distance));  // too close to call
    }
    return static_cast<int>(reach_.size()) - 1;
  }
  return level_of_snr(snr_db(distance, shadowing_db));
}

int Radio::level_of_snr(double snr) const {
  for (std::size_t i = 0; i < spec_.rates.size(); ++i)
    if (snr >= spec_.rates[i].snr_db) return static_cast<int>(i);
  return static_cast<int>(spec_.rates.size()) - 1;
}

}  // namespace vsm::sim
