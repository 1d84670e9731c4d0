// The Stackelberg game: the follower's best response and the leader's closed-form price, each
// against a numerical search of the utility it maximises.
#include "policies/game/stackelberg.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

namespace vsm::policies {
namespace {

// Maximiser of a concave function on [lo, hi] by golden-section search.
double golden_max(const std::function<double(double)>& f, double lo, double hi) {
  const double r = (std::sqrt(5.0) - 1) / 2;
  double a = lo, b = hi;
  for (int i = 0; i < 200; ++i) {
    double x1 = b - r * (b - a), x2 = a + r * (b - a);
    if (f(x1) < f(x2)) a = x1;
    else b = x2;
  }
  return (a + b) / 2;
}

TEST(Stackelberg, FollowerSupplyMaximisesItsUtility) {
  for (double price : {0.5, 2.0, 7.5})
    for (double c : {0.2, 1.0, 4.0}) {
      double theta = 80;
      auto utility = [&](double x) { return theta * (price * x - c * x * x / 2); };
      EXPECT_NEAR(best_supply(price, c), golden_max(utility, 0, 100), 1e-6);
    }
}

TEST(Stackelberg, AggregatesByHand) {
  MarketState state;
  state.vehicles_in_coverage = 10;
  state.types = {{50, 150}, {50, 150}, {0.4, 0.6}};  // paper's model: c = 1 for both types
  auto agg = stackelberg_aggregates(state);
  EXPECT_DOUBLE_EQ(agg.a, 10 * (0.4 * 50 + 0.6 * 150));  // M E[theta / c]
  EXPECT_DOUBLE_EQ(agg.b, 10.0);                         // M E[1 / c]
}

TEST(Stackelberg, LeadersClosedFormPriceIsTheNumericalOptimum) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 50; ++i) {
    StackelbergAggregates agg{1 + 5000 * u(rng), 0.1 + 100 * u(rng)};
    double weight = 1 + 5000 * u(rng);
    double closed = leader_optimal_price(agg, weight);
    double numeric = golden_max([&](double p) { return leader_utility(p, agg, weight); }, 0, 1000);
    EXPECT_NEAR(closed, numeric, 1e-6 * std::max(1.0, closed));
    // The first-order condition holds at the closed form.
    EXPECT_NEAR(weight * agg.a / (1 + closed * agg.a), 2 * closed * agg.b, 1e-9 * weight * agg.a);
  }
}

TEST(Stackelberg, NoVehiclesNoPrice) { EXPECT_EQ(leader_optimal_price({0, 0}, 100), 0.0); }

}  // namespace
}  // namespace vsm::policies
