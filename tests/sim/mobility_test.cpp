// Mobility models: each one moves vehicles the way its header says, checked against geometry
// computed here by hand (speeds, lanes, streets, area), plus determinism per seed.

#include <gtest/gtest.h>

#include <cmath>

#include "scenario_test_util.hpp"
#include "sim/mobility/mobility_model.hpp"

namespace vsm::sim {
namespace {

Scenario with_mobility(const std::string& mobility, int vehicles = 4) {
  std::string text = testing::kMinimalScenario;
  text += "mobility:\n" + mobility;
  return testing::load(text, {"vehicles.count=" + std::to_string(vehicles)});
}

TEST(Highway, VehiclesDriveAtTheirLaneSpeedAndWrapAroundTheRing) {
  auto s = with_mobility(
      "  model: highway\n  area: [1000, 40]\n"
      "  highway: {lane_speeds: [20, 30], lane_width: 4, both_directions: true}\n"
      "  positions: [[100, 18], [100, 14], [900, 22], [900, 26]]\n");
  auto m = make_mobility(s);
  // Lanes: eastbound at y = 20 - 2 = 18 (20 m/s) and 14 (30 m/s); westbound at 22 and 26.
  m->advance_to(10);
  EXPECT_DOUBLE_EQ(m->positions()[0].x, 300);
  EXPECT_DOUBLE_EQ(m->positions()[0].y, 18);
  EXPECT_DOUBLE_EQ(m->positions()[1].x, 400);
  EXPECT_DOUBLE_EQ(m->positions()[2].x, 700);
  EXPECT_DOUBLE_EQ(m->positions()[3].x, 600);
  m->advance_to(40);  // 100 + 30 x 40 = 1300 -> 300 on the ring; 900 - 20 x 40 = 100
  EXPECT_NEAR(m->positions()[1].x, 300, 1e-9);
  EXPECT_NEAR(m->positions()[2].x, 100, 1e-9);
}

TEST(Manhattan, VehiclesStayOnTheStreetsOfTheGridAndDriveAtTheirSpeed) {
  auto s = with_mobility("  model: manhattan\n  area: [1000, 600]\n  manhattan: {block: 200, speed: [10, 10]}\n", 30);
  auto m = make_mobility(s);
  std::vector<Position> before = m->positions();
  auto on_street = [](double v) { return std::fabs(v / 200 - std::round(v / 200)) < 1e-6; };
  for (int t = 1; t <= 300; ++t) {
    m->advance_to(t);
    for (std::size_t v = 0; v < m->size(); ++v) {
      const Position p = m->positions()[v];
      EXPECT_TRUE(on_street(p.x) || on_street(p.y)) << "vehicle " << v << " at " << p.x << "," << p.y;
      EXPECT_GE(p.x, -1e-9);
      EXPECT_LE(p.x, 1000 + 1e-9);
      EXPECT_GE(p.y, -1e-9);
      EXPECT_LE(p.y, 600 + 1e-9);
      // Along streets a 1 s step covers 10 m of road: at most 10 m as the taxi drives.
      const double taxi = std::fabs(p.x - before[v].x) + std::fabs(p.y - before[v].y);
      EXPECT_LE(taxi, 10 + 1e-6);
    }
    before = m->positions();
  }
}

TEST(RandomWaypoint, VehiclesStayInTheAreaWithinTheirSpeed) {
  auto s = with_mobility("  model: random_waypoint\n  area: [500, 300]\n  random_waypoint: {speed: [5, 15], pause: 2}\n", 20);
  auto m = make_mobility(s);
  auto before = m->positions();
  double moved = 0;
  for (int t = 1; t <= 200; ++t) {
    m->advance_to(t);
    for (std::size_t v = 0; v < m->size(); ++v) {
      const Position p = m->positions()[v];
      EXPECT_TRUE(p.x >= 0 && p.x <= 500 && p.y >= 0 && p.y <= 300);
      const double step = std::hypot(p.x - before[v].x, p.y - before[v].y);
      EXPECT_LE(step, 15 + 1e-9);
      moved += step;
    }
    before = m->positions();
  }
  EXPECT_GT(moved, 20 * 200 * 5 * 0.5);  // they do move (at least half the slowest speed on average)
}

TEST(Mobility, SameSeedSameTracksAnotherSeedOthers) {
  const std::string spec = "  model: manhattan\n  area: [1000, 1000]\n";
  auto a = make_mobility(with_mobility(spec, 10)), b = make_mobility(with_mobility(spec, 10));
  auto other = with_mobility(spec, 10);
  other.seed = 2;
  auto c = make_mobility(other);
  for (double t : {1.0, 50.0, 120.5}) {
    a->advance_to(t);
    b->advance_to(t);
    c->advance_to(t);
  }
  bool differs = false;
  for (std::size_t v = 0; v < a->size(); ++v) {
    EXPECT_EQ(a->positions()[v].x, b->positions()[v].x);
    EXPECT_EQ(a->positions()[v].y, b->positions()[v].y);
    differs |= a->positions()[v].x != c->positions()[v].x;
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace vsm::sim
