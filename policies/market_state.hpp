#pragma once
// What an edge server knows when it asks its policy for an offer: the policy's observation.
// It knows the type distribution (theta_n, C_n, Q_n), never an individual vehicle's type: that
// is private. Of each vehicle it serves it knows what the vehicle reported at the last mobility
// tick and what the server measured itself; of itself and the other servers what the scenario
// says (PolicyContext::scenario.edge_servers: positions, coverage radii, backhauls: the
// coverage map). No policy sees a vehicle's future; only the clairvoyant bound does
// (sim/service_timeline.hpp), and it is not a policy.

#include <cstdint>
#include <vector>

#include "policies/contract/model.hpp"
#include "sim/mobility/mobility_model.hpp"
#include "sim/scenario.hpp"

namespace vsm::policies {

// One served vehicle, as its server sees it.
struct VehicleView {
  std::int64_t id = 0;
  sim::Position position;   // metres, as last reported
  sim::Position velocity;   // m/s: heading and speed, from its last two reported positions (NaN before two)
  double rate_mbps = 0;     // the rate of the channel level the server measured
  double reputation = 1;    // what the ledger says of it (1 with reputation off)
  std::int64_t claimed = -1;  // the contract item it last took from this server (-1: none yet)
  // The server whose radio it uses: the asking one, or with market.competition a rival whose
  // coverage it is in as well (its data would reach the asking server through that one).
  std::int64_t serving = 0;
};

struct MarketState {
  std::int64_t round = 0;
  double time = 0;                     // simulated seconds
  std::int64_t server = 0;             // index of the asking server
  std::int64_t vehicles_in_coverage = 0;  // M: the vehicles offered to (below: each of them)
  std::int64_t load = 0;               // every vehicle attached, offered to or not
  std::vector<VehicleView> vehicles;   // in the order of their ids
  TypeSpace types;                     // theta_1 <= ... <= theta_N, their costs C_n and Q_n
  double latency_max = 0;              // Lmax
  sim::Valuation valuation;            // a1, a2, b1, b2
};

}  // namespace vsm::policies
