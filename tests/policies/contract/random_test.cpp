#include "policies/contract/random.hpp"

#include <gtest/gtest.h>

#include "tests/sim/scenario_test_util.hpp"

namespace vsm::policies {
namespace {

ContractMenu menu_of(const sim::Scenario& s, const std::string& server, int round) {
  auto doc = core::YamlDocument::load_string("{latency_min: 20, reward_max: 3}", "t.yaml");
  core::MapReader params(doc, doc.root(), "policy");
  RandomContract policy(RandomContract::Params::read(params, {s, server}), {s, server});
  MarketState state;
  state.types = {{50, 150}, {50, 150}, {0.5, 0.5}};
  state.latency_max = 150;
  ContractMenu menu;
  for (int r = 0; r <= round; ++r) menu = std::get<ContractMenu>(policy.offer(state));
  return menu;
}

TEST(RandomContract, MenusStayInBoundsAndReplayPerSeedAndServer) {
  sim::Scenario s = testing::load(testing::kMinimalScenario);
  for (int round = 0; round < 50; ++round) {
    auto menu = menu_of(s, "edge-0", round);
    ASSERT_EQ(menu.items.size(), 2u);
    for (const auto& item : menu.items) {
      EXPECT_GE(item.latency, 20);
      EXPECT_LE(item.latency, 150);
      EXPECT_GE(item.reward, 0);
      EXPECT_LE(item.reward, 3);
    }
  }
  EXPECT_EQ(menu_of(s, "edge-0", 3).items[1].reward, menu_of(s, "edge-0", 3).items[1].reward);
  EXPECT_NE(menu_of(s, "edge-0", 3).items[1].reward, menu_of(s, "edge-1", 3).items[1].reward);
}

}  // namespace
}  // namespace vsm::policies
