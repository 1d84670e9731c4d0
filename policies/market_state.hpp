#pragma once
// What an edge server knows when it asks its policy for an offer. It knows the type
// distribution (theta_n, C_n, Q_n), never an individual vehicle's type: that is private.

#include <cstdint>
#include <vector>

#include "policies/contract/model.hpp"
#include "sim/scenario.hpp"

namespace vsm::policies {

struct MarketState {
  std::int64_t round = 0;
  double time = 0;                     // simulated seconds
  std::int64_t server = 0;             // index of the asking server
  std::int64_t vehicles_in_coverage = 0;  // M
  TypeSpace types;                     // theta_1 <= ... <= theta_N, their costs C_n and Q_n
  double latency_max = 0;              // Lmax
  sim::Valuation valuation;            // a1, a2, b1, b2
};

}  // namespace vsm::policies
