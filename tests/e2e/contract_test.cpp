// The contract policies with the network in the loop: the paper's scenario against the closed
// form, the screening model's separated and ironed menu, breaches when the channel is too slow.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <algorithm>
#include <map>
#include <numeric>

#include "analysis/result_reader.hpp"
#include "tests/e2e/process.hpp"

namespace vsm::testing {
namespace {

class Contracts : public VsmTest {};

TEST_F(Contracts, PaperScenarioReachesTheClosedFormOptimum) {
  auto r = vsm({"run", paper, "-o", "p.h5", "-q", "--seed", "7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/p.h5");

  // The state drawn for this seed, as recorded.
  YAML::Node types = YAML::Load(result.info().scenario_yaml)["vehicles"]["types"];
  double t1 = types[0]["theta"].as<double>(), t2 = types[1]["theta"].as<double>();
  double q1 = types[0]["probability"].as<double>(), q2 = types[1]["probability"].as<double>();
  EXPECT_GT(t1, 10);
  EXPECT_LT(t1, 100);
  EXPECT_GT(t2, 100);
  EXPECT_LT(t2, 200);
  EXPECT_NEAR(q1 + q2, 1.0, 1e-12);

  // Closed form for a1 = 15, a2 = 10, b = 1: every type gets L = 150/sqrt(10), R = sqrt(10) - 1,
  // IR binds, and U_E = 15 E[theta] - (2 sqrt(10) - 1) per vehicle.
  double optimum = 15 * (q1 * t1 + q2 * t2) - (2 * std::sqrt(10.0) - 1);
  for (double v : result.doubles("rounds", "server_utility_expected")) EXPECT_NEAR(v, 20 * optimum, 1e-9 * optimum);
  for (auto v : result.integers("rounds", "ir_violations")) EXPECT_EQ(v, 0);
  for (auto v : result.integers("rounds", "ic_violations")) EXPECT_EQ(v, 0);
  for (auto v : result.integers("rounds", "declined")) EXPECT_EQ(v, 0);
  for (double v : result.doubles("trades", "latency_promised")) EXPECT_NEAR(v, 150 / std::sqrt(10.0), 1e-12);
  for (double v : result.doubles("trades", "reward")) EXPECT_NEAR(v, std::sqrt(10.0) - 1, 1e-12);
  for (double v : result.doubles("trades", "user_utility")) EXPECT_NEAR(v, 0.0, 1e-9);
  for (auto v : result.integers("trades", "on_time")) EXPECT_EQ(v, 1);
}

TEST_F(Contracts, ChannelTooSlowForThePromiseShowsBreaches) {
  // 1 MB at 0.1 Mbit/s takes 80 s; the optimal contract promises 47.4 s.
  auto r = vsm({"run", paper, "-o", "slow.h5", "-q", "--set", "radio.rate_mbps=0.1", "--set", "duration=300",
                "--set", "market.round_period=100"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/slow.h5");
  auto on_time = result.integers("trades", "on_time");
  ASSERT_EQ(on_time.size(), 60u);
  auto measured = result.doubles("trades", "latency_measured");
  auto promised = result.doubles("trades", "latency_promised");
  auto reward = result.doubles("trades", "reward");
  auto user = result.doubles("trades", "user_utility");
  for (std::size_t i = 0; i < on_time.size(); ++i) {
    EXPECT_EQ(on_time[i], 0);
    EXPECT_GT(measured[i], 80.0);
    EXPECT_GT(measured[i], promised[i]);
    EXPECT_EQ(reward[i], 0.0);  // breaches are not paid
    EXPECT_LT(user[i], 0.0);    // the vehicle spent its effort for nothing
  }
  for (auto outcome : result.integers("uploads", "outcome")) EXPECT_EQ(outcome, 2);  // deadline missed
  for (double p : result.doubles("rounds", "payment")) EXPECT_EQ(p, 0.0);
}

TEST_F(Contracts, ScreeningModelSeparatesTypesAndIronsTheRareOne) {
  auto r = vsm({"run", source_path("scenarios/contract-screening.yaml"), "-o", "s.h5", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/s.h5");
  for (auto v : result.integers("rounds", "ir_violations")) EXPECT_EQ(v, 0);
  for (auto v : result.integers("rounds", "ic_violations")) EXPECT_EQ(v, 0);

  // Latency promised to each type, from the trades of type-known vehicles.
  auto vehicle_type = result.integers("vehicles", "type");
  auto vehicle = result.integers("trades", "vehicle");
  auto promised = result.doubles("trades", "latency_promised");
  auto user = result.doubles("trades", "user_utility");
  std::map<std::int64_t, double> latency_of_type, min_utility_of_type;
  for (std::size_t i = 0; i < vehicle.size(); ++i) {
    auto type = vehicle_type[static_cast<std::size_t>(vehicle[i])];
    latency_of_type[type] = promised[i];
    min_utility_of_type.try_emplace(type, user[i]);
    min_utility_of_type[type] = std::min(min_utility_of_type[type], user[i]);
  }
  ASSERT_EQ(latency_of_type.size(), 3u) << "every type should be present and trade";
  EXPECT_DOUBLE_EQ(latency_of_type[0], latency_of_type[1]);  // ironed: low and mid pooled
  EXPECT_LT(latency_of_type[2], latency_of_type[0]);         // the high type uploads faster
  EXPECT_NEAR(min_utility_of_type[0], 0.0, 1e-9);            // IR binds for the lowest type
  EXPECT_GT(min_utility_of_type[2], 1.0);                    // the high type keeps a rent
}

TEST_F(Contracts, RandomMenusAreNotIncentiveCompatible) {
  auto r = vsm({"run", source_path("scenarios/contract-random.yaml"), "-o", "r.h5", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  analysis::ResultReader result(dir + "/r.h5");
  auto ic = result.integers("rounds", "ic_violations");
  auto declined = result.integers("rounds", "declined");
  EXPECT_GT(std::accumulate(ic.begin(), ic.end(), 0L) + std::accumulate(declined.begin(), declined.end(), 0L), 0);
  // Fresh menus each round: the promised latencies vary.
  auto promised = result.doubles("trades", "latency_promised");
  ASSERT_FALSE(promised.empty());
  EXPECT_NE(*std::min_element(promised.begin(), promised.end()), *std::max_element(promised.begin(), promised.end()));
}

}  // namespace
}  // namespace vsm::testing
