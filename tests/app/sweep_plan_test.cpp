#include "app/sweep_plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/input_error.hpp"

namespace vsm::app {
namespace {

class SweepPlanTest : public ::testing::Test {
 protected:
  std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() /
             ("vsm-sweep-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::create_directories(d);
    return d.string();
  }();
  void TearDown() override { std::filesystem::remove_all(dir); }
  SweepPlan plan(const std::string& axes) {
    std::ofstream(dir + "/sweep.yaml") << "base: " << VSM_SOURCE_DIR << "/scenarios/contract-fixed.yaml\n" << axes;
    return plan_sweep(dir + "/sweep.yaml");
  }
};

TEST_F(SweepPlanTest, GridTimesZipTimesRandomTimesSeeds) {
  auto p = plan(
      "seeds: 2\n"
      "grid: {vehicles.count: [5, 6, 7], duration: [100, 200]}\n"
      "zip: {market.round_period: [5, 10], radio.rate_mbps: [3, 6]}\n"
      "random: {samples: 2, seed: 3, ranges: {radio.latency: [0.001, 0.01]}}\n");
  EXPECT_EQ(p.points.size(), 3u * 2 * 2 * 2 * 2);
  EXPECT_EQ(p.keys, (std::vector<std::string>{"vehicles.count", "duration", "market.round_period", "radio.rate_mbps",
                                              "radio.latency"}));
  std::set<std::string> ids;
  for (const auto& point : p.points) {
    ids.insert(point.id);
    EXPECT_EQ(point.id.size(), 16u);
    ASSERT_EQ(point.values.size(), 5u);
    double latency = std::stod(point.values[4].second);
    EXPECT_GE(latency, 0.001);
    EXPECT_LT(latency, 0.01);
    // zip moves in lock step
    EXPECT_EQ(point.values[2].second == "5", point.values[3].second == "3");
  }
  EXPECT_EQ(ids.size(), p.points.size());  // distinct scenarios, distinct ids
  EXPECT_THAT(p.points.front().name, ::testing::HasSubstr("vehicles.count=5 duration=100"));
  EXPECT_THAT(p.points.front().name, ::testing::EndsWith("seed=1"));
}

TEST_F(SweepPlanTest, IdsAreStableAndDependOnlyOnThePointsScenario) {
  auto a = plan("seeds: [4, 9]\ngrid: {vehicles.count: [5, 6]}\n");
  auto b = plan("seeds: [4, 9]\ngrid: {vehicles.count: [6, 5, 7]}\n");
  ASSERT_EQ(a.points.size(), 4u);
  std::set<std::string> in_b;
  for (const auto& p : b.points) in_b.insert(p.id);
  for (const auto& p : a.points) EXPECT_TRUE(in_b.count(p.id)) << p.name;  // same point, same id
  EXPECT_EQ(a.points[0].seed, 4u);
}

TEST_F(SweepPlanTest, ExplicitSeedsAndNoAxesGiveOnePointPerSeed) {
  auto p = plan("seeds: [1, 2, 3]\n");
  EXPECT_EQ(p.points.size(), 3u);
  EXPECT_TRUE(p.keys.empty());
}

TEST_F(SweepPlanTest, ZipListsOfDifferentLengthsAreRejected) {
  try {
    plan("zip: {duration: [100, 200], vehicles.count: [1, 2, 3]}\n");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("zip: every zip list needs the same length (duration has 2, "
                                               "vehicles.count has 3)"));
  }
}

TEST_F(SweepPlanTest, UnknownSweepKeyIsRejected) {
  try {
    plan("gird: {duration: [1]}\n");
    FAIL();
  } catch (const core::InputError& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("gird: unknown key (did you mean \"grid\"?)"));
  }
}

}  // namespace
}  // namespace vsm::app
