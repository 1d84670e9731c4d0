// contract.coverage_aware and the clairvoyant bound, checked by hand-worked geometry, against
// brute force, and against the mobility models' real exit times (sim::ServiceTimeline).
#include "policies/contract/coverage_aware.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <random>

#include "../../sim/scenario_test_util.hpp"
#include "policies/contract/airtime_plan.hpp"
#include "policies/contract/clairvoyant.hpp"
#include "policies/contract/model.hpp"
#include "policies/contract/solver.hpp"
#include "sim/coverage.hpp"
#include "sim/mobility/mobility_model.hpp"
#include "sim/service_timeline.hpp"

namespace vsm::policies {
namespace {

constexpr double kLmax = 150;
const sim::Valuation kPaper{15, 10, 1, 1};

TEST(PredictedDwell, StraightLineToTheDiscsEdge) {
  const sim::Position centre{100, 100};
  EXPECT_DOUBLE_EQ(predicted_dwell({100, 100}, {10, 0}, centre, 50), 5.0);   // from the centre
  EXPECT_DOUBLE_EQ(predicted_dwell({70, 100}, {10, 0}, centre, 50), 8.0);    // 80 m to go
  EXPECT_DOUBLE_EQ(predicted_dwell({70, 100}, {-10, 0}, centre, 50), 2.0);   // leaving
  EXPECT_DOUBLE_EQ(predicted_dwell({100, 70}, {0, 20}, centre, 50), 4.0);
  // Along a chord: from (100, 130) east, the edge is at x = 100 + 40 (a 30-40-50 triangle).
  EXPECT_DOUBLE_EQ(predicted_dwell({100, 130}, {8, 0}, centre, 50), 5.0);
  EXPECT_EQ(predicted_dwell({100, 100}, {0, 0}, centre, 50), std::numeric_limits<double>::infinity());
  EXPECT_EQ(predicted_dwell({200, 100}, {-10, 0}, centre, 50), 0.0);  // outside
}

TypeSpace random_types(std::mt19937_64& rng, std::size_t n, bool screening) {
  std::uniform_real_distribution<double> u(0, 1);
  TypeSpace t;
  double total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    t.thetas.push_back(10 + 190 * u(rng));
    t.probabilities.push_back(0.05 + u(rng));
    total += t.probabilities.back();
  }
  std::sort(t.thetas.begin(), t.thetas.end());
  const double scale = 20 + 280 * u(rng);
  for (std::size_t k = 0; k < n; ++k) {
    t.probabilities[k] /= total;
    t.costs.push_back(screening ? scale : t.thetas[k]);
  }
  return t;
}

TEST(CappedMenu, EveryLatencyUnderTheCapWithIrAndIcKept) {
  std::mt19937_64 rng(19);
  std::uniform_real_distribution<double> cap_draw(1, 200);
  int capped = 0;
  for (int i = 0; i < 400; ++i) {
    const bool screening = i % 2 == 1;
    const TypeSpace types = random_types(rng, 1 + static_cast<std::size_t>(i % 4), screening);
    const sim::Valuation valuation{5.0 + i % 20, 10.0 + i % 7, 1, 1.0 + i % 3};
    const ContractMenu optimal = optimal_menu(types, kLmax, valuation);
    const double cap = cap_draw(rng);
    const ContractMenu menu = capped_menu(optimal, types, cap, kLmax);
    ASSERT_EQ(menu.items.size(), types.size());
    for (std::size_t n = 0; n < types.size(); ++n) {
      EXPECT_LE(menu.items[n].latency, std::min(cap, kLmax) * (1 + 1e-12)) << i;
      const auto violated = violations(menu, types.thetas[n], types.costs[n], kLmax, n);
      EXPECT_FALSE(violated.ir) << "instance " << i << " type " << n << " cap " << cap;
      EXPECT_FALSE(violated.ic) << "instance " << i << " type " << n << " cap " << cap;
      if (optimal.items[n].latency > cap) ++capped;
    }
    // A cap above every latency changes nothing.
    const ContractMenu same = capped_menu(optimal, types, kLmax, kLmax);
    for (std::size_t n = 0; n < types.size(); ++n) {
      EXPECT_NEAR(same.items[n].latency, optimal.items[n].latency, 1e-9 * kLmax) << i;
      EXPECT_NEAR(same.items[n].reward, optimal.items[n].reward, 1e-9 * (1 + optimal.items[n].reward)) << i;
    }
  }
  EXPECT_GT(capped, 100);  // the caps bit often
}

// The bound by brute force: a fine grid over the latencies the vehicle can complete.
double grid_bound(const ClairvoyantVehicle& v, double m, const sim::Valuation& val) {
  const double cap = std::min(kLmax, v.time_left + m);
  double best = 0;
  if (cap <= 0) return best;  // gone before it could deliver anything
  for (int k = 1; k <= 200000; ++k) {
    const double L = cap * k / 200000;
    best = std::max(best, val.a1 * std::pow(v.quality, val.b1) -
                              val.a2 * std::pow(std::max(0.0, L - m) / kLmax, val.b2) -
                              v.effort_cost * (kLmax / L - 1));
  }
  return best;
}

TEST(ClairvoyantBound, MatchesBruteForce) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (int i = 0; i < 200; ++i) {
    const ClairvoyantVehicle v{0.05 + 2 * u(rng), (i % 5 == 0) ? 0.0 : 30 * u(rng), 200 * u(rng) - 10};
    const double m = 3 * u(rng);
    const sim::Valuation val{2 + 20 * u(rng), 1 + 40 * u(rng), 1, 1 + 2 * u(rng)};
    const double exact = clairvoyant_utility(v, m, kLmax, val), grid = grid_bound(v, m, val);
    EXPECT_GE(exact, grid - 1e-9 * (1 + grid)) << i;
    EXPECT_NEAR(exact, grid, 1e-3 * (1 + grid)) << i;
  }
}

TEST(ClairvoyantBound, NothingFromAVehicleThatCannotDeliverAndMoreTheLongerItStays) {
  EXPECT_EQ(clairvoyant_utility({1, 1, 0}, 0, kLmax, kPaper), 0.0);
  EXPECT_EQ(clairvoyant_utility({1, 1, -5}, 2, kLmax, kPaper), 0.0);
  double before = 0;
  for (double left : {1.0, 5.0, 20.0, 80.0, 149.0, 500.0, std::numeric_limits<double>::infinity()}) {
    const double now = clairvoyant_utility({1.2, 0.5, left}, 1, kLmax, kPaper);
    EXPECT_GE(now, before) << left;
    before = now;
  }
  EXPECT_GT(before, 0);
}

// What the bound promises for one vehicle: any item it takes by IR, with its data arriving on
// time and in coverage, earns the server no more than the bound.
TEST(ClairvoyantBound, AboveEveryContractTheVehicleCanComplete) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  int completed = 0;
  for (int i = 0; i < 20000; ++i) {
    const double theta = 10 + 190 * u(rng), cost = i % 2 ? theta : 150.0;
    const ClairvoyantVehicle v{theta, cost / theta, 120 * u(rng)};
    const double m = 2 * u(rng);
    const double L = 1 + (kLmax - 1) * u(rng);
    const double reward = cost / theta * (kLmax / L - 1) * (1 + u(rng));  // IR holds
    const double arrival = std::max(0.0, L - m) + m * u(rng);            // senses to L - m, then uploads
    if (arrival > L || arrival >= v.time_left) continue;                   // late or out of coverage: 0
    ++completed;
    const double realised = server_utility(theta, arrival, reward, kLmax, kPaper);
    EXPECT_LE(realised, clairvoyant_utility(v, m, kLmax, kPaper) + 1e-9 * (1 + std::fabs(realised))) << i;
  }
  EXPECT_GT(completed, 5000);
}

TEST(AirtimePlan, KeepsAirTimePerWindowAndForgetsStartedWindows) {
  const auto scenario = testing::load(testing::kMinimalScenario, {"vehicles.sensing=paced", "vehicles.sensing_time=~",
                                                                  "vehicles.upload_margin=2"});
  AirtimePlan plan(scenario, 0.75);  // windows of 2 s, 1.5 s of air in each
  plan.promise({{10.0, 0.5}, {11.9, 0.25}, {12.0, 1.0}});  // [10, 12) twice, then [12, 14)
  EXPECT_DOUBLE_EQ(plan.promised(10.5), 0.75);
  EXPECT_TRUE(plan.fits({{10.1, 0.25}, {13.0, 0.5}}));
  EXPECT_FALSE(plan.fits({{10.1, 0.5}, {11.0, 0.5}}));  // one window: 0.75 + 1.0
  EXPECT_DOUBLE_EQ(plan.promised(13.0), 1.0);
  EXPECT_DOUBLE_EQ(plan.promised(9.99), 0.0);
  plan.forget_before(12.5);  // [10, 12) has ended; [12, 14) has not
  EXPECT_DOUBLE_EQ(plan.promised(10.5), 0.0);
  EXPECT_DOUBLE_EQ(plan.promised(12.0), 1.0);
}

// A paced market of `count` vehicles standing at their server, each measured at 6 Mbit/s, the
// paper's two types (every C_n = theta_n: one pooled item, L = 47.4 s) and nothing claimed yet.
struct PacedMarket {
  sim::Scenario scenario;
  MarketState state;
};

PacedMarket paced_market(int count, double time) {
  PacedMarket m{testing::load(testing::kMinimalScenario,
                              {"vehicles.sensing=paced", "vehicles.sensing_time=~", "vehicles.data_megabytes=0.1",
                               "radio.model=fixed_rate", "radio.rate_mbps=6"}),
                {}};
  m.state.time = time;
  m.state.types = {{50, 150}, {50, 150}, {0.5, 0.5}};
  m.state.latency_max = kLmax;
  m.state.valuation = kPaper;
  const auto& server = m.scenario.edge_servers[0];
  for (int i = 0; i < count; ++i)
    m.state.vehicles.push_back({i, {server.position[0], server.position[1]}, {0, 0}, 6.0, 1, -1, 0});
  m.state.vehicles_in_coverage = m.state.load = count;
  return m;
}

// What the plan promises: the uploads it expects (each item's upload weighted by its type's
// probability) never put more air time into a window of the upload margin than its share, so
// a crowd of vehicles is spread over many deadlines, and the rest get no offer.
TEST(CoverageAware, SpreadsTheUploadsOfACrowdOverTheMarginsWindows) {
  PacedMarket m = paced_market(400, 1000);
  CoverageAwareContract::Params params;
  CoverageAwareContract policy(params, {m.scenario, "edge-0"});
  const auto offer = std::get<PersonalMenus>(policy.offer(m.state));
  ASSERT_EQ(offer.menus.size(), 400u);
  const double margin = m.scenario.vehicles.upload_margin, on_air = 0.8 / 6;
  std::map<std::int64_t, double> air;  // window -> expected seconds
  int offered = 0;
  for (const auto& menu : offer.menus) {
    if (!menu) continue;
    ++offered;
    for (std::size_t n = 0; n < 2; ++n) {
      const auto violated = violations(*menu, m.state.types.thetas[n], m.state.types.costs[n], kLmax, n);
      EXPECT_FALSE(violated.ir || violated.ic);
      const double start = m.state.time + menu->items[n].latency - margin;
      air[static_cast<std::int64_t>(std::floor(start / margin))] += 0.5 * on_air;
    }
  }
  for (const auto& [window, seconds] : air) EXPECT_LE(seconds, params.airtime_share * margin + 1e-9) << window;
  // Six uploads fit a window; the deadlines run from latency_min (5 s) to the optimum's 47.4 s.
  EXPECT_GE(air.size(), 40u);
  EXPECT_GE(offered, 6 * 40);
  EXPECT_LT(offered, 400);  // the air ran out: the last ones got nothing
  // Once their windows have started, the next round has the air again.
  PacedMarket next = paced_market(400, 1060);
  const auto again = std::get<PersonalMenus>(policy.offer(next.state));
  EXPECT_EQ(std::count_if(again.menus.begin(), again.menus.end(), [](const auto& menu) { return menu.has_value(); }),
            offered);
}

TEST(CoverageAware, AVehicleThatHasDealtIsPlannedForItsOwnItemOnly) {
  // Screening costs give each type its own latency, two windows apart. Six vehicles that took
  // item 1 before fill item 1's window (0.8 s of its 0.9); one that took item 0 still gets the
  // optimal menu, as its upload goes in item 0's window; of two not seen before, each expected
  // in both windows with probability 0.5, the first fits and the second must be moved earlier.
  PacedMarket m = paced_market(9, 1000);
  m.state.types.costs = {150, 150};
  const ContractMenu optimal = optimal_menu(m.state.types, kLmax, kPaper);
  ASSERT_GT(optimal.items[0].latency, optimal.items[1].latency + 2);
  for (int i = 0; i < 6; ++i) m.state.vehicles[static_cast<std::size_t>(i)].claimed = 1;
  m.state.vehicles[8].claimed = 0;
  CoverageAwareContract policy(CoverageAwareContract::Params{}, {m.scenario, "edge-0"});
  const auto offer = std::get<PersonalMenus>(policy.offer(m.state));
  for (std::size_t i : {0u, 5u, 6u, 8u}) {
    ASSERT_TRUE(offer.menus[i]) << i;
    EXPECT_DOUBLE_EQ(offer.menus[i]->items[0].latency, optimal.items[0].latency) << i;
    EXPECT_DOUBLE_EQ(offer.menus[i]->items[1].latency, optimal.items[1].latency) << i;
  }
  ASSERT_TRUE(offer.menus[7]);
  EXPECT_LT(offer.menus[7]->items[1].latency, optimal.items[1].latency - 0.5);
}

// The dwell coverage_aware predicts from a vehicle's last two reported positions, against when
// the mobility model really takes it out of its server's coverage.
struct DwellErrors {
  std::vector<double> errors;  // actual - predicted, seconds
  double quantile(double q) {
    std::sort(errors.begin(), errors.end());
    return errors[static_cast<std::size_t>(q * static_cast<double>(errors.size() - 1))];
  }
};

DwellErrors dwell_errors(const sim::Scenario& s) {
  const sim::ServiceTimeline timeline(s);
  const sim::Coverage coverage(s);
  auto mobility = sim::make_mobility(s);
  std::vector<std::int64_t> serving(mobility->size(), sim::kNoServer);
  std::vector<sim::Position> before;
  DwellErrors out;
  for (std::int64_t k = 0; k < sim::tick_count(s); ++k) {
    const double t = sim::tick_time(s, k);
    mobility->advance_to(t);
    coverage.follow(*mobility, serving);
    const auto& now = mobility->positions();
    if (k > 0 && k % 10 == 0) {
      for (std::size_t v = 0; v < now.size(); ++v) {
        if (serving[v] == sim::kNoServer) continue;
        const double left = timeline.leaves(v, serving[v], t);
        if (!std::isfinite(left)) continue;  // stays to the end: no exit to compare with
        const auto& server = s.edge_servers[static_cast<std::size_t>(serving[v])];
        const sim::Position velocity{(now[v].x - before[v].x) / s.mobility.tick, (now[v].y - before[v].y) / s.mobility.tick};
        out.errors.push_back(left - t - predicted_dwell(now[v], velocity, {server.position[0], server.position[1]},
                                                        server.coverage_radius));
      }
    }
    before = now;
  }
  return out;
}

TEST(DwellPrediction, ExactToATickOnAStraightRoad) {
  // Servers' discs away from the ring's ends: vehicles keep their speed and line through them.
  auto s = testing::load(
      std::string(testing::kMinimalScenario) +
          "mobility:\n  model: highway\n  area: [3000, 40]\n  highway: {lane_speeds: [25, 30, 33]}\n",
      {"vehicles.count=60", "duration=300"});
  s.edge_servers.resize(1);
  s.edge_servers[0].position = {1500, 20};
  s.edge_servers[0].coverage_radius = 400;
  auto found = dwell_errors(s);
  ASSERT_GT(found.errors.size(), 300u);
  // The exit shows at the first tick after the vehicle crosses the edge.
  EXPECT_GE(found.quantile(0), -1e-6);
  EXPECT_LE(found.quantile(1), s.mobility.tick + 1e-6);
}

TEST(DwellPrediction, ErrorOnTheCitysStreets) {
  // city-10k's grid and servers, fewer vehicles: turns at crossings make the straight line wrong.
  auto s = testing::load(
      std::string(testing::kMinimalScenario) +
          "mobility:\n  model: manhattan\n  area: [4000, 5000]\n  manhattan: {block: 200, speed: [8, 14]}\n",
      {"vehicles.count=400", "duration=900"});
  s.edge_servers.clear();
  for (int y = 500; y < 5000; y += 1000)
    for (int x = 500; x < 4000; x += 1000) {
      sim::EdgeServerSpec server;
      server.position = {static_cast<double>(x), static_cast<double>(y)};
      server.coverage_radius = 710;
      s.edge_servers.push_back(server);
    }
  auto found = dwell_errors(s);
  ASSERT_GT(found.errors.size(), 5000u);
  std::cout << "city dwell error (actual - predicted, s) over " << found.errors.size()
            << " samples: p1 " << found.quantile(0.01) << ", p5 " << found.quantile(0.05) << ", p10 " << found.quantile(0.1) << ", p25 " << found.quantile(0.25) << ", median "
            << found.quantile(0.5) << ", p75 " << found.quantile(0.75) << ", p90 " << found.quantile(0.9) << "\n";
  // The straight line to the disc's edge is mostly too short: a vehicle that turns at a
  // crossing drives a chord, not a diameter, and stays longer (bench/RESULTS.md has the
  // distribution). It is too long only for vehicles that turn out of the disc early.
  EXPECT_GE(found.quantile(0.1), -s.mobility.tick);
  EXPECT_GT(found.quantile(0.5), 5.0);
  EXPECT_LT(found.quantile(0.01), -10.0);
}

}  // namespace
}  // namespace vsm::policies
