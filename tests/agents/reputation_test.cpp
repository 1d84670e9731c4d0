// Reputation by subjective logic: a cheat is excluded within a bounded number of interactions,
// an honest vehicle's rare unlucky check never excludes it. Values checked against the formula
// (r + W/2) / (r + s + W) worked by hand.

#include <gtest/gtest.h>

#include "agents/reputation.hpp"

namespace vsm::agents {
namespace {

constexpr double kThreshold = 0.4;

TEST(Reputation, FollowsTheFormula) {
  Reputation rep(1, 0.5, 4);
  EXPECT_DOUBLE_EQ(rep.of(0), 0.5);  // never seen: the base rate
  rep.observe(0, true);
  EXPECT_DOUBLE_EQ(rep.of(0), 3.0 / 5);
  rep.age();  // r = 0.5
  rep.observe(0, false);
  EXPECT_DOUBLE_EQ(rep.of(0), 2.5 / 5.5);
}

TEST(Reputation, ACheatIsBelowTheThresholdAfterTwoBadDeliveries) {
  for (double decay : {0.5, 0.9, 1.0}) {
    Reputation rep(1, decay, 4);
    rep.observe(0, false);
    EXPECT_GE(rep.of(0), kThreshold) << "one bad check alone must not exclude";
    rep.age();
    rep.observe(0, false);
    EXPECT_LT(rep.of(0), kThreshold) << "decay " << decay;
  }
}

TEST(Reputation, AVehicleTurningBadIsExcludedWithinABoundedNumberOfBlocks) {
  // Five good deliveries (r = 1 + 0.9 + ... + 0.9^4 = 4.0951), then only bad ones, decay 0.9:
  // after 5 bad blocks r = 2.418, s = 4.095, reputation 4.418 / 10.513 = 0.420; after 6,
  // r = 2.176, s = 4.686, 4.176 / 10.862 = 0.384 < 0.4.
  Reputation rep(1, 0.9, 4);
  for (int i = 0; i < 5; ++i) {
    rep.age();
    rep.observe(0, true);
  }
  int blocks = 0;
  while (rep.of(0) >= kThreshold) {
    rep.age();
    rep.observe(0, false);
    ASSERT_LT(++blocks, 100);
  }
  EXPECT_EQ(blocks, 6);
}

TEST(Reputation, AnHonestVehicleWithRareBadChecksStaysAboveTheThreshold) {
  // Bad checks at its very first delivery and then every 20th, all others good.
  Reputation rep(1, 0.9, 4);
  double lowest = 1;
  for (int block = 0; block < 400; ++block) {
    rep.age();
    rep.observe(0, block % 20 != 0);
    lowest = std::min(lowest, rep.of(0));
  }
  EXPECT_GE(lowest, kThreshold);
  EXPECT_GT(rep.of(0), 0.7);
}

TEST(Reputation, TypeSharesAreWeighedByTheReputationOfTheirClaimants) {
  policies::TypeSpace types{{50, 150}, {50, 150}, {0.5, 0.5}};
  // 0.5 x 0.8 / (0.5 x 0.8 + 0.5 x 0.2) = 0.8
  auto weighed = weigh_by_reputation(types, {0.8, 0.2});
  EXPECT_DOUBLE_EQ(weighed.probabilities[0], 0.8);
  EXPECT_DOUBLE_EQ(weighed.probabilities[1], 0.2);
  EXPECT_EQ(weighed.thetas, types.thetas);
  EXPECT_EQ(weigh_by_reputation(types, {1, 1}).probabilities, types.probabilities);
  EXPECT_EQ(weigh_by_reputation(types, {0, 0}).probabilities, types.probabilities);
}

}  // namespace
}  // namespace vsm::agents
