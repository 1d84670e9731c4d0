#include "policies/contract/clairvoyant.hpp"

#include <algorithm>
#include <cmath>

namespace vsm::policies {

double clairvoyant_utility(const ClairvoyantVehicle& vehicle, double upload_margin, double latency_max,
                           const sim::Valuation& v) {
  const double m = upload_margin, c = vehicle.effort_cost;
  const double cap = std::min(latency_max, vehicle.time_left + m);
  if (!(cap > 0)) return 0;
  auto gain = [&](double L) {
    return v.a1 * std::pow(vehicle.quality, v.b1) - v.a2 * std::pow(std::max(0.0, L - m) / latency_max, v.b2) -
           c * (latency_max / L - 1);
  };
  // Below m the gain only grows with L; above it the gain is concave, its slope
  // c Lmax / L^2 - a2 b2 (L - m)^(b2-1) / Lmax^b2 falling from positive: bisect for its zero.
  auto slope = [&](double L) {
    return c * latency_max / (L * L) - v.a2 * v.b2 * std::pow(L - m, v.b2 - 1) / std::pow(latency_max, v.b2);
  };
  double best = cap;
  if (cap > m && slope(cap) < 0) {
    double lo = std::max(m, 1e-12), hi = cap;
    if (slope(lo) <= 0) {
      best = lo;  // falling from m on: no effort cost to save
    } else {
      for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
        const double mid = (lo + hi) / 2;
        (slope(mid) > 0 ? lo : hi) = mid;
      }
      best = (lo + hi) / 2;
    }
  }
  return std::max(0.0, gain(best));
}

}  // namespace vsm::policies
