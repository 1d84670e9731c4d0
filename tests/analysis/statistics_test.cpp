// Summary statistics against values computed by hand and Student's t tables.
#include "analysis/statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace vsm::analysis {
namespace {

TEST(Statistics, StudentTMultipliersMatchTables) {
  EXPECT_NEAR(t_multiplier(1), 12.7062047, 1e-6);
  EXPECT_NEAR(t_multiplier(3), 3.18244631, 1e-7);
  EXPECT_NEAR(t_multiplier(9), 2.26215716, 1e-7);
  EXPECT_NEAR(t_multiplier(30), 2.04227246, 1e-7);
}

TEST(Statistics, MeanSdAndConfidenceInterval) {
  // {1, 2, 3, 4}: mean 2.5, sd sqrt(5/3), half-width t(3) sd / 2.
  Summary s = summarise({1, 2, 3, 4});
  EXPECT_EQ(s.n, 4u);
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.sd, std::sqrt(5.0 / 3.0), 1e-12);
  double half = 3.18244631 * std::sqrt(5.0 / 3.0) / 2;
  EXPECT_NEAR(s.ci_low, 2.5 - half, 1e-7);
  EXPECT_NEAR(s.ci_high, 2.5 + half, 1e-7);
}

TEST(Statistics, OneValueHasNoSpreadAndNoneIsNan) {
  Summary one = summarise({7});
  EXPECT_EQ(one.sd, 0);
  EXPECT_EQ(one.ci_low, 7);
  EXPECT_EQ(one.ci_high, 7);
  EXPECT_TRUE(std::isnan(summarise({}).mean));
}

TEST(Statistics, PercentilesInterpolateBetweenOrderStatistics) {
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.95), 3.85);  // position 2.85
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 0.0), 1);
  EXPECT_DOUBLE_EQ(percentile({4, 1, 3, 2}, 1.0), 4);
}

}  // namespace
}  // namespace vsm::analysis
