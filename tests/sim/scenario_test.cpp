#include "sim/scenario.hpp"

#include <gtest/gtest.h>

#include "policies/contract/fixed.hpp"
#include "sim/population.hpp"
#include "tests/sim/scenario_test_util.hpp"

namespace vsm::testing {
namespace {

// The first server's contract.fixed menu, as the scenario keeps it.
const std::vector<policies::ContractItem>& fixed_items(const sim::Scenario& s) {
  return dynamic_cast<const policies::FixedContract::Params&>(*s.edge_servers[0].policy.params).items;
}

TEST(Scenario, FillsDocumentedDefaults) {
  sim::Scenario s = load(kMinimalScenario);
  EXPECT_EQ(s.name, "tiny");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_DOUBLE_EQ(s.duration, 100);
  EXPECT_DOUBLE_EQ(s.market.round_period, 10);
  EXPECT_DOUBLE_EQ(s.market.latency_max, 150);
  EXPECT_DOUBLE_EQ(s.vehicles.data_megabytes, 1);
  EXPECT_EQ(s.vehicles.types[0].name, "type-1");
  EXPECT_EQ(s.mobility.model, "static");
  EXPECT_EQ(s.radio.model, "fixed_rate");
  EXPECT_DOUBLE_EQ(s.radio.rate_mbps, 6);
  ASSERT_EQ(s.edge_servers.size(), 1u);
  EXPECT_EQ(s.edge_servers[0].name, "edge-0");
  EXPECT_DOUBLE_EQ(s.edge_servers[0].position[0], 500);  // centre of the default 1000 m area
  EXPECT_DOUBLE_EQ(s.edge_servers[0].valuation.a1, 15);   // the paper's coefficients
  EXPECT_DOUBLE_EQ(s.edge_servers[0].valuation.a2, 10);
  EXPECT_EQ(sim::default_output_path(s), "results/tiny-seed1.h5");
}

TEST(Scenario, ResolvedYamlReadsBackToTheSameScenario) {
  sim::Scenario first = load(kMinimalScenario, {"radio.latency=0.1", "vehicles.types.0.theta=12.345678901234567"});
  std::string text = sim::to_yaml(first);
  sim::Scenario second = load(text);
  EXPECT_EQ(sim::to_yaml(second), text);
  EXPECT_EQ(second.vehicles.types[0].theta, 12.345678901234567);  // exact, not rounded
  EXPECT_EQ(second.radio.latency, 0.1);
  EXPECT_EQ(fixed_items(second)[1].reward, 2.8);
}

TEST(Scenario, OverridesChangeTheResolvedScenario) {
  sim::Scenario s = load(kMinimalScenario, {"vehicles.count=50", "seed=7", "edge_servers.0.policy.items.1.reward=3",
                                            "output.path=out/x.h5"});
  EXPECT_EQ(s.vehicles.count, 50);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(fixed_items(s)[1].reward, 3.0);
  EXPECT_EQ(s.output.path, "out/x.h5");
  EXPECT_NE(sim::to_yaml(s).find("count: 50"), std::string::npos);
}

TEST(Population, IsReproducibleAndFollowsTypeProbabilities) {
  sim::Scenario s = load(kMinimalScenario, {"vehicles.count=4000", "vehicles.types.0.probability=0.25",
                                            "vehicles.types.1.probability=0.75"});
  auto a = sim::make_population(s);
  auto b = sim::make_population(s);
  ASSERT_EQ(a.size(), 4000u);
  int high = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].type, b[i].type);
    EXPECT_EQ(a[i].x, b[i].x);
    EXPECT_EQ(a[i].theta, s.vehicles.types[a[i].type].theta);
    EXPECT_GE(a[i].x, 0);
    EXPECT_LT(a[i].x, 1000);
    high += a[i].type == 1;
  }
  // Binomial(4000, 0.75): standard deviation 27; 5 sigma either side.
  EXPECT_NEAR(high, 3000, 137);
}

TEST(Population, VehiclesOutsideEveryCoverageHaveNoServer) {
  sim::Scenario s = load(kMinimalScenario, {"edge_servers.0.coverage_radius=100", "vehicles.count=500"});
  int covered = 0;
  for (const auto& v : sim::make_population(s)) {
    double d = std::hypot(v.x - 500, v.y - 500);
    EXPECT_EQ(v.server, d <= 100 ? 0 : -1);
    covered += v.server == 0;
  }
  EXPECT_GT(covered, 0);
  EXPECT_LT(covered, 100);  // area share pi*100^2/1000^2 = 3.1%
}

}  // namespace
}  // namespace vsm::testing
