// The reverse auction: clearing by hand, and truthfulness: on sampled instances no bidder gains
// by bidding anything other than its cost.
#include "policies/game/auction.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace vsm::policies {
namespace {

TEST(Auction, LowestBidsWinAtTheNextBid) {
  // Bids 5 3 9 1 7, two slots, no binding reserve: 1 and 3 win, both paid 5.
  auto outcome = clear_auction({5, 3, 9, 1, 7}, {2, 100, 10});
  EXPECT_EQ(outcome.winners, (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(outcome.price, 5);
}

TEST(Auction, ReserveCapsThePriceAndExcludesDearBids) {
  auto capped = clear_auction({5, 3, 9, 1, 7}, {2, 4, 10});  // price min(4, 5)
  EXPECT_EQ(capped.winners, (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(capped.price, 4);
  auto few = clear_auction({5, 3, 9, 1, 7}, {3, 4, 10});  // only 1 and 3 are <= 4; paid the reserve
  EXPECT_EQ(few.winners, (std::vector<std::size_t>{3, 1}));
  EXPECT_EQ(few.price, 4);
}

TEST(Auction, FewerBiddersThanSlotsArePaidTheReserve) {
  auto outcome = clear_auction({2, 1}, {5, 6, 10});
  EXPECT_EQ(outcome.winners.size(), 2u);
  EXPECT_EQ(outcome.price, 6);
}

TEST(Auction, TiesGoToTheLowerIndex) {
  auto outcome = clear_auction({2, 1, 1, 1}, {2, 100, 10});
  EXPECT_EQ(outcome.winners, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(outcome.price, 1);
}

double utility_of(std::size_t bidder, double cost, const std::vector<double>& bids, const AuctionRules& rules) {
  auto outcome = clear_auction(bids, rules);
  bool wins = std::find(outcome.winners.begin(), outcome.winners.end(), bidder) != outcome.winners.end();
  return wins ? outcome.price - cost : 0.0;
}

TEST(Auction, TruthfulBiddingIsADominantStrategy) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  int deviations = 0;
  for (int instance = 0; instance < 300; ++instance) {
    std::size_t n = 1 + rng() % 8;
    AuctionRules rules{1 + rng() % 4, 2 + 10 * u(rng), 10};
    std::vector<double> costs(n);
    for (auto& c : costs) c = 10 * u(rng);
    if (instance % 3 == 0) costs[rng() % n] = costs[0];  // ties happen too
    for (std::size_t i = 0; i < n; ++i) {
      double truthful = utility_of(i, costs[i], costs, rules);
      // Deviations: a grid, every other bid and just around it, the reserve and around it.
      std::vector<double> candidates;
      for (int g = 0; g <= 60; ++g) candidates.push_back(0.25 * g);
      for (double b : costs) candidates.insert(candidates.end(), {b, b - 1e-9, b + 1e-9});
      candidates.insert(candidates.end(), {rules.reserve, rules.reserve - 1e-9, rules.reserve + 1e-9});
      for (double bid : candidates) {
        auto bids = costs;
        bids[i] = bid;
        ASSERT_LE(utility_of(i, costs[i], bids, rules), truthful + 1e-12)
            << "instance " << instance << " bidder " << i << " gains by bidding " << bid << " instead of "
            << costs[i];
        ++deviations;
      }
    }
  }
  EXPECT_GT(deviations, 10000);
}

TEST(Auction, APayAsBidRuleWouldNotBeTruthful) {
  // Sanity of the test above: under pay-as-bid, overbidding pays. Winners get their own bid.
  std::vector<double> costs{1, 3, 9};
  auto pay_as_bid = [&](std::vector<double> bids) {
    auto outcome = clear_auction(bids, {1, 100, 10});
    return outcome.winners.front() == 0 ? bids[0] - costs[0] : 0.0;
  };
  EXPECT_GT(pay_as_bid({2.5, 3, 9}), pay_as_bid({1, 3, 9}));
}

}  // namespace
}  // namespace vsm::policies
