#include "sim/mobility/random_waypoint.hpp"

#include <algorithm>
#include <cmath>

#include "sim/mobility/static_mobility.hpp"

namespace vsm::sim {

RandomWaypointMobility::RandomWaypointMobility(const Scenario& scenario)
    : MobilityModel(vehicle_count(scenario)),
      spec_(scenario.mobility.random_waypoint),
      area_(scenario.mobility.area),
      random_(scenario.seed, "mobility.random_waypoint"),
      legs_(size()) {
  positions_ = starting_positions(scenario, size());
  for (std::size_t v = 0; v < size(); ++v) next_leg(v, 0);
}

void RandomWaypointMobility::next_leg(std::size_t v, double now) {
  legs_[v].target = {random_.uniform(0, area_[0]), random_.uniform(0, area_[1])};
  legs_[v].speed = random_.uniform(spec_.speed[0], spec_.speed[1]);
  legs_[v].paused_until = now;
}

void RandomWaypointMobility::advance_to(double t) {
  for (std::size_t v = 0; v < size(); ++v) {
    double now = time_;
    while (now < t) {
      Leg& leg = legs_[v];
      if (leg.paused_until > now) {
        now = std::min(t, leg.paused_until);
        continue;
      }
      Position& p = positions_[v];
      const double dx = leg.target.x - p.x, dy = leg.target.y - p.y;
      const double distance = std::hypot(dx, dy), reach = leg.speed * (t - now);
      if (reach < distance) {
        p.x += dx * reach / distance;
        p.y += dy * reach / distance;
        now = t;
      } else {  // arrives: pause, then the next waypoint
        p = leg.target;
        now += distance / leg.speed;
        next_leg(v, now + spec_.pause);
      }
    }
  }
  time_ = t;
}

}  // namespace vsm::sim
