// The radio (path loss -> SNR -> rate level) against the formula computed by hand, and
// coverage with handover and the radio pools planned from a replay of the mobility.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "scenario_test_util.hpp"
#include "sim/coverage.hpp"
#include "sim/radio.hpp"

namespace vsm::sim {
namespace {

TEST(Radio, SnrFollowsTheLogDistanceModelAndPicksTheFastestRateItSupports) {
  RadioSpec spec;
  spec.model = "wifi";
  spec.tx_power_dbm = 20;
  spec.noise_dbm = -90;
  spec.reference_loss_db = 40;
  spec.path_loss_exponent = 3;
  spec.rates = {{30, 54}, {20, 24}, {10, 6}};
  Radio radio(spec);
  // 20 - (40 + 30 log10(100)) + 90 = 10 dB at 100 m; 10 m: 40 dB; shadowing subtracts.
  EXPECT_NEAR(radio.snr_db(100), 10, 1e-12);
  EXPECT_NEAR(radio.snr_db(10), 40, 1e-12);
  EXPECT_NEAR(radio.snr_db(10, 15), 25, 1e-12);
  EXPECT_EQ(radio.level(10), 0);
  EXPECT_EQ(radio.level(10, 15), 1);
  EXPECT_EQ(radio.level(100), 2);
  EXPECT_EQ(radio.level(1000), 2);  // below every threshold: still the slowest rate
  EXPECT_EQ(radio.level_rates(), (std::vector<double>{54, 24, 6}));
}

// The level a vehicle gets is the first whose SNR threshold its SNR meets, however the radio
// finds it (without shadowing it compares distances, not logarithms).
int level_by_formula(const Radio& radio, const RadioSpec& spec, double distance) {
  const double snr = radio.snr_db(distance);
  for (std::size_t i = 0; i < spec.rates.size(); ++i)
    if (snr >= spec.rates[i].snr_db) return static_cast<int>(i);
  return static_cast<int>(spec.rates.size()) - 1;
}

TEST(Radio, TheLevelIsTheFormulasAtEveryDistanceEvenOnAThreshold) {
  RadioSpec spec;
  spec.model = "wifi";
  spec.rates = {{21, 27}, {18, 18}, {13, 12}, {9, 9}, {7, 6}, {5, 4.5}, {-40, 3}};  // the last met only near
  const Radio radio(spec);
  std::mt19937_64 random(7);
  std::vector<double> distances{0, 0.5, 1, 1e6};
  for (const auto& r : spec.rates) {
    // Where this threshold's SNR is met exactly, and the doubles either side of it.
    double d = std::pow(10.0, (spec.tx_power_dbm - spec.reference_loss_db - spec.noise_dbm - r.snr_db) /
                                  (10 * spec.path_loss_exponent));
    for (int k = 0; k < 64; ++k) d = std::nextafter(d, 0.0);
    for (int k = 0; k < 128; ++k, d = std::nextafter(d, 1e300)) distances.push_back(d);
  }
  for (int k = 0; k < 100000; ++k) distances.push_back(std::uniform_real_distribution<double>(0, 3000)(random));
  int levels_seen = 0;
  for (double d : distances) {
    ASSERT_EQ(radio.level(d), level_by_formula(radio, spec, d)) << "at " << d << " m";
    levels_seen |= 1 << radio.level(d);
  }
  EXPECT_EQ(levels_seen, (1 << spec.rates.size()) - 1);  // every level was reached
}

TEST(Radio, FixedRateIgnoresDistance) {
  RadioSpec spec;
  spec.rate_mbps = 11;
  Radio radio(spec);
  EXPECT_EQ(radio.level(1), radio.level(1e5));
  EXPECT_EQ(radio.level_rates(), (std::vector<double>{11}));
}

Scenario two_servers(const std::string& mobility, int vehicles) {
  std::string text = testing::kMinimalScenario;
  text += "  - {position: [1000, 0], coverage_radius: 600, policy: {name: contract.optimal}}\n";
  text += "mobility:\n" + mobility;
  return testing::load(text, {"vehicles.count=" + std::to_string(vehicles), "edge_servers.0.position=[0, 0]",
                              "edge_servers.0.coverage_radius=600"});
}

TEST(Coverage, AVehicleStaysWithItsServerWhileCoveredThenGoesToTheNearest) {
  auto s = two_servers("  model: static\n", 1);
  Coverage coverage(s);
  EXPECT_EQ(coverage.serve(kNoServer, {300, 0}), 0);
  EXPECT_EQ(coverage.serve(kNoServer, {700, 0}), 1);  // nearest of the two covering it
  EXPECT_EQ(coverage.serve(0, {550, 0}), 0);          // closer to 1, but 0 still covers it
  EXPECT_EQ(coverage.serve(0, {650, 0}), 1);          // left 0's coverage: handed over
  EXPECT_EQ(coverage.serve(1, {2000, 0}), kNoServer);
  EXPECT_DOUBLE_EQ(coverage.distance(1, {1000, 300}), 300);
}

TEST(Coverage, PeakLoadCountsTheMostVehiclesEachServerHoldsAtOnce) {
  // Four vehicles drive east at 10 m/s from x = 0, 100, 200, 300 (one lane); 0 covers
  // [-600, 600], 1 covers [400, 1600]. After 100 s all four have left 0 for 1.
  auto s = two_servers("  model: highway\n  area: [5000, 10]\n  highway: {lane_speeds: [10], both_directions: false}\n"
                       "  positions: [[0, 5], [100, 5], [200, 5], [300, 5]]\n", 4);
  s.duration = 100;
  EXPECT_EQ(peak_load(s), (std::vector<std::size_t>{4, 4}));
  s.duration = 29;  // the vehicle from x = 300 leaves 0's coverage (600 m, lane at y = 5) at 30 s
  EXPECT_EQ(peak_load(s), (std::vector<std::size_t>{4, 0}));
}

TEST(Coverage, AGridPlacesItsServersCellByCellAndItsDiscsCoverTheArea) {
  std::string text = testing::kMinimalScenario;
  text = text.substr(0, text.find("edge_servers:"));
  text += "mobility: {model: manhattan, area: [4500, 3000], manhattan: {block: 100}}\n";
  text += "edge_server_grid: {spacing: 1000, server: {coverage_radius: 710, policy: {name: contract.optimal}}}\n";
  const auto s = testing::load(text);
  ASSERT_EQ(s.edge_servers.size(), 15u);  // ceil(4.5) = 5 columns, 3 rows
  for (std::size_t i = 0; i < 15; ++i) {
    EXPECT_EQ(s.edge_servers[i].name, "edge-" + std::to_string(i));
    EXPECT_EQ(s.edge_servers[i].position, (std::array<double, 2>{500.0 + 1000.0 * static_cast<double>(i % 5),
                                                                 500.0 + 1000.0 * static_cast<double>(i / 5)}));
    EXPECT_EQ(s.edge_servers[i].coverage_radius, 710);
    EXPECT_EQ(s.edge_servers[i].policy.name, "contract.optimal");
  }
  // A radius above spacing / sqrt 2 (707 m) leaves no point of the area unserved.
  Coverage coverage(s);
  for (double x = 0; x <= 4500; x += 37)
    for (double y = 0; y <= 3000; y += 41) EXPECT_NE(coverage.serve(kNoServer, {x, y}), kNoServer) << x << ", " << y;
}

// What Coverage::serve must find, by looking at every server: the nearest that covers p, the
// lowest index of equally near ones.
std::int64_t nearest_covering(const Scenario& s, Position p) {
  std::int64_t best = kNoServer;
  double best_distance = 0;
  for (std::size_t i = 0; i < s.edge_servers.size(); ++i) {
    const double dx = p.x - s.edge_servers[i].position[0], dy = p.y - s.edge_servers[i].position[1];
    const double d = std::sqrt(dx * dx + dy * dy);
    if (d <= s.edge_servers[i].coverage_radius && (best == kNoServer || d < best_distance)) {
      best = static_cast<std::int64_t>(i);
      best_distance = d;
    }
  }
  return best;
}

TEST(Coverage, FindsTheSameServerAsLookingAtEveryServer) {
  // Layouts from a handful of servers to hundreds, radii from tiny to wide, servers stacked on
  // one spot (ties), points inside, on the rims, between and far outside the cells.
  std::mt19937_64 random(2026);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(random); };
  Scenario s = two_servers("  model: static\n", 1);
  const EdgeServerSpec like = s.edge_servers[0];
  std::size_t served = 0, checked = 0;
  for (int layout = 0; layout < 40; ++layout) {
    s.edge_servers.clear();
    const auto count = static_cast<std::size_t>(1 + random() % 300);
    const double area = uniform(100, 50000), widest = uniform(0.5, 2000);
    for (std::size_t i = 0; i < count; ++i) {
      EdgeServerSpec server = like;
      if (i > 0 && random() % 8 == 0)
        server.position = s.edge_servers[random() % i].position;  // a tie
      else
        server.position = {uniform(0, area), uniform(0, area)};
      server.coverage_radius = random() % 5 == 0 ? widest : uniform(0, widest);
      s.edge_servers.push_back(server);
    }
    const Coverage coverage(s);
    for (int k = 0; k < 2000; ++k) {
      Position p{uniform(-area, 2 * area), uniform(-area, 2 * area)};
      if (k % 4 == 0) {  // on a rim
        const auto& server = s.edge_servers[random() % count];
        const double angle = uniform(0, 6.283185307179586);
        p = {server.position[0] + server.coverage_radius * std::cos(angle),
             server.position[1] + server.coverage_radius * std::sin(angle)};
      }
      const std::int64_t expected = nearest_covering(s, p);
      ASSERT_EQ(coverage.serve(kNoServer, p), expected) << "layout " << layout << ", point " << p.x << ", " << p.y;
      served += expected != kNoServer;
      ++checked;
    }
  }
  EXPECT_GT(served, checked / 10) << "too few points were covered to tell";

  // Equally near servers whose centres fall in different squares: still the lower index.
  s.edge_servers = {like, like};
  s.edge_servers[0].position = {1000, 0};
  s.edge_servers[1].position = {0, 0};
  s.edge_servers[0].coverage_radius = s.edge_servers[1].coverage_radius = 600;
  EXPECT_EQ(Coverage(s).serve(kNoServer, {500, 0}), 0);
}

}  // namespace
}  // namespace vsm::sim
