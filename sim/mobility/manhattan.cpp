#include "sim/mobility/manhattan.hpp"

#include <algorithm>
#include <cmath>

#include "sim/mobility/static_mobility.hpp"

namespace vsm::sim {
namespace {

constexpr int kDx[4] = {1, 0, -1, 0};
constexpr int kDy[4] = {0, 1, 0, -1};

}  // namespace

ManhattanMobility::ManhattanMobility(const Scenario& scenario)
    : MobilityModel(vehicle_count(scenario)),
      spec_(scenario.mobility.manhattan),
      columns_(static_cast<long>(std::floor(scenario.mobility.area[0] / spec_.block))),
      rows_(static_cast<long>(std::floor(scenario.mobility.area[1] / spec_.block))),
      random_(scenario.seed, "mobility.manhattan"),
      drivers_(size()) {
  // Each vehicle starts on the street nearest its starting position, heading a random way along it.
  const auto start = starting_positions(scenario, size());
  const double b = spec_.block;
  for (std::size_t v = 0; v < size(); ++v) {
    Driver& d = drivers_[v];
    d.speed = random_.uniform(spec_.speed[0], spec_.speed[1]);
    const double gx = std::clamp(start[v].x / b, 0.0, static_cast<double>(columns_));
    const double gy = std::clamp(start[v].y / b, 0.0, static_cast<double>(rows_));
    const bool horizontal = std::fabs(gy - std::round(gy)) < std::fabs(gx - std::round(gx));
    const bool forward = random_.uniform() < 0.5;
    if (horizontal) {
      d.heading = forward ? 0 : 2;
      d.next_j = std::lround(gy);
      d.next_i = forward ? static_cast<long>(std::ceil(gx)) : static_cast<long>(std::floor(gx));
      d.to_next = std::fabs(static_cast<double>(d.next_i) - gx) * b;
    } else {
      d.heading = forward ? 1 : 3;
      d.next_i = std::lround(gx);
      d.next_j = forward ? static_cast<long>(std::ceil(gy)) : static_cast<long>(std::floor(gy));
      d.to_next = std::fabs(static_cast<double>(d.next_j) - gy) * b;
    }
    place(v);
  }
}

void ManhattanMobility::turn(Driver& d) {
  const int straight = d.heading, left = (d.heading + 1) % 4, right = (d.heading + 3) % 4, back = (d.heading + 2) % 4;
  const double pick = random_.uniform();
  const int chosen = pick < spec_.left ? left : pick < spec_.left + spec_.right ? right : straight;
  // The chosen street may end at the edge of the grid: then take the first one that goes on.
  for (int h : {chosen, straight, left, right, back}) {
    if (on_grid(d.next_i + kDx[h], d.next_j + kDy[h])) {
      d.heading = h;
      break;
    }
  }
  d.next_i += kDx[d.heading];
  d.next_j += kDy[d.heading];
  d.to_next = spec_.block;
}

void ManhattanMobility::place(std::size_t v) {
  const Driver& d = drivers_[v];
  positions_[v] = {static_cast<double>(d.next_i) * spec_.block - kDx[d.heading] * d.to_next,
                   static_cast<double>(d.next_j) * spec_.block - kDy[d.heading] * d.to_next};
}

void ManhattanMobility::advance_to(double t) {
  const double dt = t - time_;
  time_ = t;
  for (std::size_t v = 0; v < size(); ++v) {
    Driver& d = drivers_[v];
    double travel = d.speed * dt;
    while (travel >= d.to_next) {
      travel -= d.to_next;
      turn(d);
    }
    d.to_next -= travel;
    place(v);
  }
}

}  // namespace vsm::sim
