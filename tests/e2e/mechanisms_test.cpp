// Stackelberg pricing and the reverse auction run end to end with the network in the loop.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

class Mechanisms : public VsmTest {};

TEST_F(Mechanisms, StackelbergVehiclesSupplyAtTheLeadersOptimalPrice) {
  auto r = vsm({"run", source_path("scenarios/stackelberg.yaml"), "-o", "s.h5", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/s.h5");

  // Paper cost model: c = 1, so A = M E[theta] = 20 (0.6 * 55 + 0.4 * 150), B = M = 20, and
  // p* = (-B + sqrt(B^2 + 2 lambda A^2 B)) / (2 A B) with lambda = 1000.
  double a = 20 * (0.6 * 55 + 0.4 * 150), b = 20, lambda = 1000;
  double price = (-b + std::sqrt(b * b + 2 * lambda * a * a * b)) / (2 * a * b);
  auto reward = result.doubles("trades", "reward");
  auto megabytes = result.doubles("uploads", "megabytes");
  ASSERT_EQ(reward.size(), 1200u);  // everyone supplies something every round
  for (std::size_t i = 0; i < reward.size(); ++i) {
    EXPECT_NEAR(megabytes[i], price, 1e-9);           // x = p / c batches of 1 MB
    EXPECT_NEAR(reward[i], price * price, 1e-9);      // paid p x
  }
  double expected = lambda * std::log1p(price * a) - price * price * b;
  for (double v : result.doubles("rounds", "server_utility_expected")) EXPECT_NEAR(v, expected, 1e-9 * expected);
  // Realised: the round's value lambda ln(1 + sum theta x) minus what it paid.
  auto theta = result.doubles("trades", "theta");
  double quality = 0;
  for (std::size_t i = 0; i < 20; ++i) quality += theta[i] * price;
  EXPECT_NEAR(result.doubles("rounds", "server_utility")[0], lambda * std::log1p(quality) - 20 * price * price, 1e-6);
  // Bigger uploads take longer: p MB at 6 Mbit/s.
  for (double latency : result.doubles("trades", "latency_measured")) EXPECT_GT(latency, price * 8 / 6);
}

TEST_F(Mechanisms, AuctionBuysFromTheCheapestVehiclesAtOnePrice) {
  auto r = vsm({"run", source_path("scenarios/auction.yaml"), "-o", "a.h5", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/a.h5");

  // A vehicle's cost of a slot: (cost / theta) * (150 / 50 - 1).
  auto cost = result.doubles("vehicles", "cost");
  auto theta_of = result.doubles("vehicles", "theta");
  std::vector<double> slot_cost(cost.size());
  for (std::size_t v = 0; v < cost.size(); ++v) slot_cost[v] = cost[v] / theta_of[v] * 2;

  for (auto accepted : result.integers("rounds", "accepted")) EXPECT_EQ(accepted, 5);
  auto round = result.integers("trades", "round");
  auto vehicle = result.integers("trades", "vehicle");
  auto reward = result.doubles("trades", "reward");
  std::map<std::int64_t, std::vector<std::int64_t>> winners;
  for (std::size_t i = 0; i < round.size(); ++i) {
    winners[round[i]].push_back(vehicle[i]);
    EXPECT_EQ(reward[i], reward[0]);  // one price for all (same bids every round)
    EXPECT_LE(reward[i], 4.0);        // the reserve, budget / slots
    EXPECT_GE(reward[i], slot_cost[static_cast<std::size_t>(vehicle[i])]);  // nobody is paid below cost
  }
  // Every winner is at least as cheap as every loser.
  for (const auto& [r_index, won] : winners) {
    double dearest_winner = 0;
    for (auto v : won) dearest_winner = std::max(dearest_winner, slot_cost[static_cast<std::size_t>(v)]);
    for (std::size_t v = 0; v < slot_cost.size(); ++v) {
      if (std::find(won.begin(), won.end(), static_cast<std::int64_t>(v)) == won.end()) {
        EXPECT_GE(slot_cost[v], dearest_winner) << "round " << r_index;
      }
    }
  }
}

}  // namespace
}  // namespace vsm::testing
