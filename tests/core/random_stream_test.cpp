#include "core/random_stream.hpp"

#include <gtest/gtest.h>

namespace vsm::core {
namespace {

TEST(RandomStream, SameSeedAndNameGiveTheSameSequence) {
  RandomStream a(42, "vehicles.types"), b(42, "vehicles.types");
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(RandomStream, NamesAndSeedsAreIndependent) {
  RandomStream a(42, "vehicles.types"), b(42, "mobility.placement"), c(43, "vehicles.types");
  int same_ab = 0, same_ac = 0;
  for (int i = 0; i < 1000; ++i) {
    auto x = a.next_u64();
    same_ab += x == b.next_u64();
    same_ac += x == c.next_u64();
  }
  EXPECT_EQ(same_ab, 0);
  EXPECT_EQ(same_ac, 0);
}

TEST(RandomStream, UniformStaysInRangeWithTheRightMean) {
  RandomStream r(1, "test");
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    double x = r.uniform(10, 100);
    ASSERT_GE(x, 10);
    ASSERT_LT(x, 100);
    sum += x;
  }
  EXPECT_NEAR(sum / 100000, 55, 0.5);  // standard error 0.08
}

TEST(RandomStream, PickFollowsWeightsAndNeverPicksZeroWeight) {
  RandomStream r(3, "test");
  std::vector<int> counts(3);
  for (int i = 0; i < 30000; ++i) ++counts[r.pick({1, 0, 2})];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0], 10000, 400);  // standard deviation 82
}

}  // namespace
}  // namespace vsm::core
