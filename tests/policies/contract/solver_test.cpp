// contract.optimal's menu against an independent brute-force search, on random instances of
// the paper's model and of the classic screening model. The brute force knows nothing of
// binding constraints, virtual costs or ironing: for given efforts it finds the cheapest
// rewards satisfying every IR and IC constraint by enumerating the vertices of that linear
// program, and it searches the efforts on a zooming grid (the objective is concave in them).
#include "policies/contract/solver.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>

namespace vsm::policies {
namespace {

constexpr double kLmax = 150;
constexpr double kInfeasible = -std::numeric_limits<double>::infinity();

struct Instance {
  TypeSpace types;
  sim::Valuation valuation;
};

// Inverts A (n <= 3) by Gauss-Jordan elimination; false when singular.
bool invert(std::vector<std::vector<double>> a, std::vector<std::vector<double>>& inverse) {
  const std::size_t n = a.size();
  inverse.assign(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) inverse[i][i] = 1;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r)
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
    if (std::fabs(a[pivot][col]) < 1e-12) return false;
    std::swap(a[col], a[pivot]);
    std::swap(inverse[col], inverse[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      double f = a[r][col] / a[col][col];
      for (std::size_t k = 0; k < n; ++k) {
        a[r][k] -= f * a[col][k];
        inverse[r][k] -= f * inverse[col][k];
      }
    }
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t k = 0; k < n; ++k) inverse[i][k] /= a[i][i];
  return true;
}

// min sum Q_n R_n subject to IR (theta_n R_n - C_n e_n >= 0) and IC (theta_n R_n - C_n e_n >=
// theta_n R_m - C_n e_m): every choice of N constraints held tight is a candidate vertex. The
// constraint matrix does not depend on the efforts, so each vertex's system is inverted once.
class RewardProgram {
 public:
  explicit RewardProgram(const Instance& in) : in_(in) {
    const auto& t = in.types;
    n_ = t.size();
    for (std::size_t i = 0; i < n_; ++i) {
      std::vector<double> row(n_, 0.0);
      row[i] = t.thetas[i];
      rows_.push_back(row);
      rhs_terms_.push_back({i, i, t.costs[i]});  // C_i e_i
      for (std::size_t m = 0; m < n_; ++m) {
        if (m == i) continue;
        std::vector<double> ic(n_, 0.0);
        ic[i] = t.thetas[i];
        ic[m] = -t.thetas[i];
        rows_.push_back(ic);
        rhs_terms_.push_back({i, m, t.costs[i]});  // C_i (e_i - e_m)
      }
    }
    std::vector<std::size_t> pick(n_);
    std::function<void(std::size_t, std::size_t)> choose = [&](std::size_t depth, std::size_t from) {
      if (depth == n_) {
        std::vector<std::vector<double>> a, inverse;
        for (auto p : pick) a.push_back(rows_[p]);
        if (invert(a, inverse)) vertices_.push_back({pick, inverse});
        return;
      }
      for (std::size_t k = from; k < rows_.size(); ++k) {
        pick[depth] = k;
        choose(depth + 1, k + 1);
      }
    };
    choose(0, 0);
  }

  // The cheapest feasible expected payment for efforts e, or kInfeasible.
  double cheapest(const std::vector<double>& e) const {
    std::vector<double> rhs(rows_.size());
    for (std::size_t k = 0; k < rows_.size(); ++k) {
      const auto& term = rhs_terms_[k];
      rhs[k] = term.cost * (term.own == term.other ? e[term.own] : e[term.own] - e[term.other]);
    }
    double best = std::numeric_limits<double>::infinity();
    std::vector<double> r(n_);
    for (const auto& vertex : vertices_) {
      for (std::size_t i = 0; i < n_; ++i) {
        r[i] = 0;
        for (std::size_t j = 0; j < n_; ++j) r[i] += vertex.inverse[i][j] * rhs[vertex.rows[j]];
      }
      bool feasible = true;
      for (std::size_t k = 0; k < rows_.size() && feasible; ++k) {
        double lhs = 0;
        for (std::size_t j = 0; j < n_; ++j) lhs += rows_[k][j] * r[j];
        feasible = lhs >= rhs[k] - 1e-9 * (1 + std::fabs(rhs[k]));
      }
      if (!feasible) continue;
      double cost = 0;
      for (std::size_t j = 0; j < n_; ++j) cost += in_.types.probabilities[j] * r[j];
      best = std::min(best, cost);
    }
    return best == std::numeric_limits<double>::infinity() ? kInfeasible : best;
  }

 private:
  struct RhsTerm {
    std::size_t own, other;
    double cost;
  };
  struct Vertex {
    std::vector<std::size_t> rows;
    std::vector<std::vector<double>> inverse;
  };
  const Instance& in_;
  std::size_t n_ = 0;
  std::vector<std::vector<double>> rows_;
  std::vector<RhsTerm> rhs_terms_;
  std::vector<Vertex> vertices_;
};

// The server's expected utility for efforts e with the cheapest feasible rewards.
double value_of_efforts(const Instance& in, const RewardProgram& program, const std::vector<double>& e) {
  double pay = program.cheapest(e);
  if (pay == kInfeasible) return kInfeasible;
  const auto& v = in.valuation;
  double value = -pay;
  for (std::size_t n = 0; n < e.size(); ++n)
    value += in.types.probabilities[n] *
             (v.a1 * std::pow(in.types.thetas[n], v.b1) - v.a2 * std::pow(1.0 / (1.0 + e[n]), v.b2));
  return value;
}

// Zooming grid search over efforts in [0, top]^N.
double brute_force_value(const Instance& in, std::vector<double>& best_e) {
  const std::size_t n = in.types.size();
  const RewardProgram program(in);
  const int points = n == 3 ? 11 : 21;
  const double top = 3 * std::pow(in.valuation.a2 * in.valuation.b2, 1.0) + 10;  // generous
  std::vector<double> centre(n, top / 2);
  double half = top / 2, best = kInfeasible;
  best_e.assign(n, 0.0);
  for (int iteration = 0; iteration < 60; ++iteration) {
    std::vector<double> lo(n);
    for (std::size_t i = 0; i < n; ++i) lo[i] = std::max(0.0, centre[i] - half);
    std::vector<int> index(n, 0);
    for (;;) {
      std::vector<double> e(n);
      for (std::size_t i = 0; i < n; ++i) e[i] = lo[i] + 2 * half * index[i] / (points - 1);
      double value = value_of_efforts(in, program, e);
      if (value > best) {
        best = value;
        best_e = e;
      }
      std::size_t i = 0;
      while (i < n && ++index[i] == points) index[i++] = 0;
      if (i == n) break;
    }
    centre = best_e;
    half *= 0.65;  // the new window still spans several grid steps each side
  }
  return best;
}

double oracle_value(const Instance& in, const ContractMenu& menu) {
  const auto& v = in.valuation;
  double value = 0;
  for (std::size_t n = 0; n < menu.items.size(); ++n)
    value += in.types.probabilities[n] *
             server_utility(in.types.thetas[n], menu.items[n].latency, menu.items[n].reward, kLmax, v);
  return value;
}

Instance random_instance(std::mt19937_64& rng, std::size_t n, bool screening) {
  std::uniform_real_distribution<double> u(0, 1);
  Instance in;
  double total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    in.types.thetas.push_back(10 + 190 * u(rng));
    in.types.probabilities.push_back(-std::log(1 - u(rng)));  // Dirichlet(1, ..., 1)
    total += in.types.probabilities.back();
  }
  std::sort(in.types.thetas.begin(), in.types.thetas.end());
  double scale = 20 + 280 * u(rng);
  for (std::size_t k = 0; k < n; ++k) {
    in.types.probabilities[k] /= total;
    in.types.costs.push_back(screening ? scale : in.types.thetas[k]);
  }
  in.valuation = {15, 1 + 19 * u(rng), 1 + 2 * u(rng) * u(rng), 1 + u(rng)};
  return in;
}

void expect_oracle_matches_brute_force(const Instance& in) {
  ContractMenu menu = optimal_menu(in.types, kLmax, in.valuation);
  ASSERT_EQ(menu.items.size(), in.types.size());
  std::vector<double> e;
  for (const auto& item : menu.items) e.push_back(effort(item, kLmax));

  // The oracle's menu is feasible: every type takes its own item (IR, IC hold).
  for (std::size_t n = 0; n < in.types.size(); ++n)
    EXPECT_EQ(best_item(menu, in.types.thetas[n], in.types.costs[n], kLmax, n), n);
  double oracle = oracle_value(in, menu);
  EXPECT_NEAR(expected_server_utility(menu, in.types, kLmax, in.valuation), oracle, 1e-9 * std::fabs(oracle));

  std::vector<double> brute_e;
  double brute = brute_force_value(in, brute_e);
  EXPECT_NEAR(oracle, brute, 1e-6 * std::fabs(oracle)) << "oracle " << oracle << " brute force " << brute;
  // The part of the utility the contract moves (without the constant a1 theta^b1) agrees too.
  double constant = 0;
  for (std::size_t n = 0; n < in.types.size(); ++n)
    constant += in.types.probabilities[n] * in.valuation.a1 * std::pow(in.types.thetas[n], in.valuation.b1);
  EXPECT_NEAR(oracle - constant, brute - constant, 1e-6 * std::max(1.0, std::fabs(oracle - constant)));
}

class OptimalContractVsBruteForce : public ::testing::TestWithParam<std::tuple<int, bool>> {};

TEST_P(OptimalContractVsBruteForce, AgreeOnRandomInstances) {
  auto [n, screening] = GetParam();
  std::mt19937_64 rng(1000 * n + screening);
  for (int i = 0; i < (n == 3 ? 12 : 20); ++i) {
    SCOPED_TRACE("instance " + std::to_string(i));
    expect_oracle_matches_brute_force(random_instance(rng, static_cast<std::size_t>(n), screening));
  }
}

INSTANTIATE_TEST_SUITE_P(Models, OptimalContractVsBruteForce,
                         ::testing::Combine(::testing::Values(1, 2, 3), ::testing::Bool()),
                         [](const auto& info) {
                           return std::string(std::get<1>(info.param) ? "screening" : "paper") + "_N" +
                                  std::to_string(std::get<0>(info.param));
                         });

TEST(OptimalContract, PapersModelPoolsAllTypesOnTheClosedForm) {
  // a2 = 10, b2 = 1: L = 150 / sqrt(10), R = sqrt(10) - 1 for every type.
  ContractMenu menu = optimal_menu({{55, 150}, {55, 150}, {0.6, 0.4}}, kLmax, {15, 10, 1, 1});
  for (const auto& item : menu.items) {
    EXPECT_NEAR(item.latency, 150 / std::sqrt(10.0), 1e-12);
    EXPECT_NEAR(item.reward, std::sqrt(10.0) - 1, 1e-12);
  }
}

TEST(OptimalContract, ScreeningWithoutIroningSeparatesTypes) {
  // c = 100/50 = 2 and 100/150 = 2/3, Q = (0.5, 0.5), a2 = 10, b2 = 1.
  // phi_1 = 2 + (2 - 2/3) * 0.5/0.5 = 10/3, phi_2 = 2/3.
  // e = sqrt(10 / phi) - 1: e_1 = sqrt(3) - 1, e_2 = sqrt(15) - 1.
  ContractMenu menu = optimal_menu({{50, 150}, {100, 100}, {0.5, 0.5}}, kLmax, {15, 10, 1, 1});
  double e1 = std::sqrt(3.0) - 1, e2 = std::sqrt(15.0) - 1;
  EXPECT_NEAR(effort(menu.items[0], kLmax), e1, 1e-12);
  EXPECT_NEAR(effort(menu.items[1], kLmax), e2, 1e-12);
  EXPECT_NEAR(menu.items[0].reward, 2 * e1, 1e-12);                      // IR binds for type 1
  EXPECT_NEAR(menu.items[1].reward, 2.0 / 3 * e2 + 4.0 / 3 * e1, 1e-12);  // downward IC binds
}

TEST(OptimalContract, IroningPoolsTypesWhoseVirtualCostsWouldReverse) {
  // Three types, the middle one rare: unironed phi_1 = c1 + (c1 - c2) (Q2 + Q3)/Q1 is below
  // phi_2 = c2 + (c2 - c3) Q3/Q2, so types 1 and 2 must share one effort.
  // a2 = 40 keeps the pooled effort interior: ironed phi = (0.45 phi_1 + 0.02 phi_2) / 0.47 =
  // 4.735 / 0.47 = 10.074 < a2 b2, so e = sqrt(40 / 10.074) - 1 for both.
  Instance in{{{20, 40, 200}, {100, 100, 100}, {0.45, 0.02, 0.53}}, {15, 40, 1, 1}};
  double c1 = 5, c2 = 2.5, c3 = 0.5;
  double phi1 = c1 + (c1 - c2) * 0.55 / 0.45, phi2 = c2 + (c2 - c3) * 0.53 / 0.02;
  ASSERT_LT(phi1, phi2);
  ContractMenu menu = optimal_menu(in.types, kLmax, in.valuation);
  double pooled = (0.45 * phi1 + 0.02 * phi2) / 0.47;
  EXPECT_NEAR(effort(menu.items[0], kLmax), std::sqrt(40 / pooled) - 1, 1e-12);
  EXPECT_NEAR(effort(menu.items[1], kLmax), std::sqrt(40 / pooled) - 1, 1e-12);
  EXPECT_NEAR(effort(menu.items[2], kLmax), std::sqrt(40 / c3) - 1, 1e-12);
  expect_oracle_matches_brute_force(in);
}

}  // namespace
}  // namespace vsm::policies

namespace vsm::policies {
namespace {

// Beyond what the brute force can search: eight types, where the menu must still be feasible
// and tight (IR binds for the lowest type, each downward IC binds, efforts do not decrease).
TEST(OptimalContract, ManyTypesMenuIsFeasibleAndTight) {
  std::mt19937_64 rng(99);
  for (int instance = 0; instance < 20; ++instance) {
    Instance in = random_instance(rng, 8, /*screening=*/true);
    ContractMenu menu = optimal_menu(in.types, kLmax, in.valuation);
    const auto& t = in.types;
    for (std::size_t n = 0; n < 8; ++n) {
      EXPECT_EQ(best_item(menu, t.thetas[n], t.costs[n], kLmax, n), n);
      if (n > 0) {
        EXPECT_GE(effort(menu.items[n], kLmax), effort(menu.items[n - 1], kLmax) - 1e-12);
        double own = user_utility(t.thetas[n], t.costs[n], menu.items[n], kLmax);
        double below = user_utility(t.thetas[n], t.costs[n], menu.items[n - 1], kLmax);
        EXPECT_NEAR(own, below, 1e-9 * std::max(1.0, std::fabs(own)));
      }
    }
    EXPECT_NEAR(user_utility(t.thetas[0], t.costs[0], menu.items[0], kLmax), 0.0, 1e-9);
  }
}

}  // namespace
}  // namespace vsm::policies
