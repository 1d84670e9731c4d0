#pragma once
// The clairvoyant bound on what a server can get from one vehicle in one round, knowing what
// no policy knows: the vehicle's type and quality, and when it will leave the server's coverage
// (sim/service_timeline.hpp). It holds for vehicles that pace their sensing to their deadline
// (vehicles.sensing: paced): a vehicle that takes item (L, R) at time t senses until
// t + max(0, L - m) (m: vehicles.upload_margin), then uploads; its data is worth
// a1 q^b1 - a2 (L'/Lmax)^b2 to the server only if it arrives within L, at L' <= L, and before
// the vehicle leaves coverage (time_left after t); late or lost data earns nothing and is not paid.
//
// Whatever the contract, then: L' >= max(0, L - m), so the value is at most
// a1 q^b1 - a2 (max(0, L - m)/Lmax)^b2; the arrival t + L' < t + time_left needs
// L < time_left + m; and a vehicle that takes an item only when it pays (IR) is paid
// R >= c (Lmax/L - 1), c = C/theta its money cost of effort (c = 0 for a vehicle that takes
// items regardless, as cheats do). So the server's gain is at most
//   max(0, sup over 0 < L <= min(Lmax, time_left + m) of
//          a1 q^b1 - a2 (max(0, L - m)/Lmax)^b2 - c (Lmax/L - 1)),
// which is what the bound offers: the contract it knows the vehicle can complete, priced at
// the vehicle's cost. It ignores the upload's own time and every other upload sharing the air,
// so it is an upper bound on any causal policy's realised utility, not a policy of its own.

#include "sim/scenario.hpp"

namespace vsm::policies {

struct ClairvoyantVehicle {
  double quality = 0;      // q: the quality of the data it would deliver
  double effort_cost = 0;  // c = C/theta (0: it takes items whether or not they pay)
  double time_left = 0;    // seconds until it leaves coverage (infinity if it never does)
};

double clairvoyant_utility(const ClairvoyantVehicle& vehicle, double upload_margin, double latency_max,
                           const sim::Valuation& v);

}  // namespace vsm::policies
