// The contract model's utilities and best responses, checked against values worked out by hand.
#include "policies/contract/model.hpp"

#include <gtest/gtest.h>

namespace vsm::policies {
namespace {

const sim::Valuation kPaper{15, 10, 1, 1};
constexpr double kLmax = 150;
const ContractMenu kMenu{{{60, 1.6}, {40, 2.8}}};

// In the paper's model the cost coefficient is theta itself.
double paper_utility(double theta, const ContractItem& item) { return user_utility(theta, theta, item, kLmax); }

TEST(ContractModel, UserUtilityInThePapersModel) {
  // 55 * 1.6 - 55 * (150/60 - 1) = 88 - 82.5
  EXPECT_DOUBLE_EQ(paper_utility(55, {60, 1.6}), 5.5);
  // 150 * 2.8 - 150 * (150/40 - 1) = 420 - 412.5
  EXPECT_DOUBLE_EQ(paper_utility(150, {40, 2.8}), 7.5);
  EXPECT_DOUBLE_EQ(paper_utility(10, {kLmax, 0}), 0.0);  // no effort, no pay
}

TEST(ContractModel, UserUtilityInTheScreeningModel) {
  // theta 50, C 100, L = 75 (effort 1), R = 2.5: 125 - 100
  EXPECT_DOUBLE_EQ(user_utility(50, 100, {75, 2.5}, kLmax), 25.0);
  EXPECT_DOUBLE_EQ(effort({75, 2.5}, kLmax), 1.0);
}

TEST(ContractModel, ServerUtility) {
  // 15 * 55 - 10 * 60/150 - 1.6 = 825 - 4 - 1.6
  EXPECT_DOUBLE_EQ(server_utility(55, 60, 1.6, kLmax, kPaper), 819.4);
  // b1 = 2, b2 = 2: 15 * 55^2 - 10 * 0.4^2 - 1.6 = 45375 - 1.6 - 1.6
  EXPECT_DOUBLE_EQ(server_utility(55, 60, 1.6, kLmax, {15, 10, 2, 2}), 45371.8);
}

TEST(ContractModel, BestResponsePicksHighestUtilityOrDeclines) {
  // Per unit theta: item 0 gives 1.6 - 2.5 + 1 = 0.1, item 1 gives 2.8 - 3.75 + 1 = 0.05.
  EXPECT_EQ(best_item(kMenu, 55, 55, kLmax), 0u);
  EXPECT_EQ(best_item(kMenu, 150, 150, kLmax, 1), 0u);  // its own item is worse: it takes item 0
  ContractMenu rich{{{60, 1.6}, {40, 3.0}}};  // item 1: 3.0 - 2.75 = 0.25
  EXPECT_EQ(best_item(rich, 55, 55, kLmax), 1u);
  ContractMenu stingy{{{60, 1.0}, {40, 2.0}}};  // -0.5 and -0.75: decline
  EXPECT_EQ(best_item(stingy, 55, 55, kLmax), std::nullopt);
}

TEST(ContractModel, TiesGoToTheOwnItemThenTheHigherReward) {
  ContractMenu tied{{{60, 1.5}, {30, 4.0}}};  // both exactly 0 utility for every type
  EXPECT_EQ(best_item(tied, 80, 80, kLmax, 0), 0u);
  EXPECT_EQ(best_item(tied, 80, 80, kLmax, 1), 1u);
  EXPECT_EQ(best_item(tied, 80, 80, kLmax), 1u);  // no own item: the higher reward
}

TEST(ContractModel, ExpectedServerUtility) {
  TypeSpace types{{55, 150}, {55, 150}, {0.6, 0.4}};
  // Both types take item 0: 0.6 * (825 - 4 - 1.6) + 0.4 * (2250 - 4 - 1.6) = 491.64 + 897.76
  EXPECT_NEAR(expected_server_utility(kMenu, types, kLmax, kPaper), 1389.4, 1e-9);
  ContractMenu stingy{{{60, 1.0}, {40, 2.0}}};
  EXPECT_EQ(expected_server_utility(stingy, types, kLmax, kPaper), 0.0);
}

}  // namespace
}  // namespace vsm::policies

namespace vsm::policies {
namespace {

TEST(ContractModel, ViolationsOfTheOwnItem) {
  // Type 2 (theta 150) strictly prefers item 0 (0.1 theta) to its own (0.05 theta): IC.
  auto high = violations(kMenu, 150, 150, kLmax, 1);
  EXPECT_FALSE(high.ir);
  EXPECT_TRUE(high.ic);
  auto low = violations(kMenu, 55, 55, kLmax, 0);
  EXPECT_FALSE(low.ir);
  EXPECT_FALSE(low.ic);
  ContractMenu harsh{{{60, 1.0}, {40, 2.9}}};  // item 0: -0.5 theta (IR), item 1: +0.15 theta
  auto first = violations(harsh, 55, 55, kLmax, 0);
  EXPECT_TRUE(first.ir);
  EXPECT_TRUE(first.ic);
}

}  // namespace
}  // namespace vsm::policies
