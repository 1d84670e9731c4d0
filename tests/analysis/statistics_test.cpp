// Summary statistics against values computed by hand, Student's t tables and the Wilson
// intervals published by Newcombe (Stat Med 17, 1998, its four worked examples).
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

TEST(Statistics, WilsonIntervalsMatchNewcombe1998) {
  struct Case {
    double successes, trials, low, high;
  };
  for (const Case& c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605}, Case{0, 20, 0.0, 0.1611},
                        Case{1, 29, 0.0061, 0.1718}}) {
    Interval ci = wilson_interval(c.successes, c.trials);
    EXPECT_NEAR(ci.low, c.low, 5e-5) << c.successes << "/" << c.trials;
    EXPECT_NEAR(ci.high, c.high, 5e-5) << c.successes << "/" << c.trials;
  }
}

TEST(Statistics, AProportionPoolsItsRunsAndStaysInsideZeroToOne) {
  // One run: the plain Wilson interval of its counts.
  Summary one = summarise_proportion({{15, 148}});
  EXPECT_DOUBLE_EQ(one.mean, 15.0 / 148);
  EXPECT_NEAR(one.ci_low, 0.0624, 5e-5);
  EXPECT_EQ(one.method, "wilson");
  // Runs that agree exactly with binomial sampling or better: the pooled counts, untouched.
  Summary agreeing = summarise_proportion({{10, 100}, {20, 200}});
  Interval pooled = wilson_interval(30, 300);
  EXPECT_DOUBLE_EQ(agreeing.mean, 0.1);
  EXPECT_DOUBLE_EQ(agreeing.ci_low, pooled.low);
  EXPECT_DOUBLE_EQ(agreeing.ci_high, pooled.high);
  // The case: one honest vehicle of 48 wrongly excluded in one seed of ten. A t
  // interval on the rates dips below 0; this one does not and still covers the rate.
  std::vector<std::pair<double, double>> seeds(9, {0, 48});
  seeds.push_back({1, 48});
  Summary rare = summarise_proportion(seeds);
  EXPECT_LT(summarise({0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0 / 48}).ci_low, 0);
  EXPECT_GT(rare.ci_low, 0);
  EXPECT_LT(rare.ci_low, 1.0 / 480);
  EXPECT_GT(rare.ci_high, 1.0 / 480);
  // None in any run: from 0, not a point.
  Summary none = summarise_proportion({{0, 48}, {0, 48}});
  EXPECT_EQ(none.ci_low, 0);
  EXPECT_NEAR(none.ci_high, wilson_interval(0, 96).high, 1e-15);
  EXPECT_GT(none.ci_high, 0.03);
}

TEST(Statistics, SeedsThatDisagreeShrinkTheTrialsByTheDesignEffect) {
  // 0 of 10 and 10 of 10: p = 0.5, the runs' variance 2 x 50 / 20^2 = 0.25 against the
  // binomial 0.25 / 20: design effect 20, so the interval of one effective trial.
  Summary split = summarise_proportion({{0, 10}, {10, 10}});
  Interval one_trial = wilson_interval(0.5, 1);
  EXPECT_DOUBLE_EQ(split.mean, 0.5);
  EXPECT_NEAR(split.ci_low, one_trial.low, 1e-12);
  EXPECT_NEAR(split.ci_high, one_trial.high, 1e-12);
  EXPECT_LT(split.ci_low, wilson_interval(10, 20).low);
}

TEST(Statistics, BootstrapIntervalsOfSmallSamplesAreTheExactQuantiles) {
  // Two runs, 0 and 1: resampled means are 0, 0.5, 1 with probability 1/4, 1/2, 1/4.
  Summary two = summarise_bootstrap({0, 1});
  EXPECT_EQ(two.method, "bootstrap");
  EXPECT_DOUBLE_EQ(two.ci_low, 0);
  EXPECT_DOUBLE_EQ(two.ci_high, 1);
  // Ten runs, one of them 1: a resampled mean is Binomial(10, 0.1) / 10, whose 2.5% and 97.5%
  // quantiles are 0 (P = 0.349) and 0.3 (P(<= 0.2) = 0.930, P(<= 0.3) = 0.987).
  Summary ten = summarise_bootstrap({0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_DOUBLE_EQ(ten.mean, 0.1);
  EXPECT_DOUBLE_EQ(ten.ci_low, 0);
  EXPECT_DOUBLE_EQ(ten.ci_high, 0.3);
  // A function of the values alone.
  Summary again = summarise_bootstrap({0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
  EXPECT_EQ(again.ci_high, ten.ci_high);
}

TEST(Statistics, RunsAllEqualGiveNoIntervalAndSaySo) {
  for (const Summary& s : {summarise({2, 2, 2}), summarise_bootstrap({2, 2, 2})}) {
    EXPECT_EQ(s.ci_low, 2);
    EXPECT_EQ(s.ci_high, 2);
    EXPECT_EQ(s.method, "none: all runs equal");
  }
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
