#include "sim/radio.hpp"

#include <algorithm>
#include <cmath>

namespace vsm::sim {

Radio::Radio(const RadioSpec& spec) : spec_(spec), wifi_(spec.model == "wifi") {
  if (wifi_)
    for (const auto& r : spec.rates) rates_.push_back(r.mbps);
  else
    rates_ = {spec.rate_mbps};
}

double Radio::snr_db(double distance, double shadowing_db) const {
  const double path_loss = spec_.reference_loss_db + 10 * spec_.path_loss_exponent * std::log10(std::max(distance, 1.0));
  return spec_.tx_power_dbm - path_loss - shadowing_db - spec_.noise_dbm;
}

int Radio::level(double distance, double shadowing_db) const {
  if (!wifi_) return 0;
  const double snr = snr_db(distance, shadowing_db);
  for (std::size_t i = 0; i < spec_.rates.size(); ++i)
    if (snr >= spec_.rates[i].snr_db) return static_cast<int>(i);
  return static_cast<int>(spec_.rates.size()) - 1;
}

}  // namespace vsm::sim
